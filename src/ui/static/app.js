// LabourBridge's only script, and nothing depends on it: every page works without it.
// It adds name suggestions under the search box, asks before destructive actions and follows
// an import's progress.
'use strict';

document.addEventListener('submit', (event) => {
  const question = event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

// Suggestions under an input as the officer types (two characters or more, 200 ms after the
// last key): `endpoint?q=` answers JSON, `itemsOf` takes its list, `render` makes each <li>.
// Without this script the input and its form work as they are.
function suggest(input, endpoint, itemsOf, render) {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  let timer;
  let last = input.value.trim();
  const close = () => { list.hidden = true; list.replaceChildren(); };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) return close();
      try {
        const res = await fetch(`${endpoint}?q=${encodeURIComponent(q)}`,
          { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!res.ok || q !== last) return;
        const items = itemsOf(await res.json());
        list.replaceChildren(...items.map((item) => render(item, (value) => {
          input.value = value;
          last = value;
          close();
          input.focus();
        })));
        list.hidden = items.length === 0;
      } catch {
        list.hidden = true;  // the form still works
      }
    }, 200);
  });
}

// The worker search: names, each a link to the person.
document.querySelectorAll('input[data-typeahead]').forEach((input) => {
  suggest(input, input.getAttribute('data-typeahead'), (people) => people, (p) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `/persons/${encodeURIComponent(p.id)}`;
    a.textContent = p.native_name ? `${p.name} – ${p.native_name}` : p.name;
    li.append(a);
    return li;
  });
});

// Inputs that take a code from a classification (the permit's ISCO-08 occupation): the titles
// that match what is typed, each a button that puts its code in the input. Without this
// script the code is typed (the hint says how).
document.querySelectorAll('input[data-suggest]').forEach((input) => {
  suggest(input, input.getAttribute('data-suggest'), (answer) => answer.items, (item, choose) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = `${item.code} – ${item.title}`;
    button.addEventListener('click', () => choose(item.code));
    li.append(button);
    return li;
  });
});

// The import page: follows the job through its JSON resource and updates the progress bar
// and its lines; when the job ends, the page is loaded again to show the outcome. Without
// this script the page reloads itself (a <noscript> refresh).
document.querySelectorAll('[data-import-job]').forEach((box) => {
  const fill = (template, ...values) => values.reduce((s, v, i) => s.replace(`{${i + 1}}`, v), template);
  const number = new Intl.NumberFormat(document.documentElement.lang);
  const clock = (s) => {
    const h = Math.floor(s / 3600);
    const m = Math.floor(s / 60) % 60;
    const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
    return h ? `${h}:${mmss}` : mmss;
  };
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const bar = box.querySelector('progress');
  let lastDecile = -1;
  const poll = async () => {
    try {
      const res = await fetch(box.getAttribute('data-import-job'),
        { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return setTimeout(poll, 3000);
      const job = await res.json();
      if (job.state === 'succeeded' || job.state === 'failed') return window.location.reload();
      const percent = job.bytes_total ? Math.min(100, Math.floor((job.bytes_read * 100) / job.bytes_total)) : 0;
      bar.value = percent;
      bar.textContent = `${percent}%`;
      const rows = job.rows_total > 0
        ? fill(box.dataset.tplRows, number.format(job.rows_read), number.format(job.rows_total))
        : fill(box.dataset.tplRowsUnknown, number.format(job.rows_read));
      field('rows').textContent = rows;
      field('rate').textContent = fill(box.dataset.tplRate, number.format(Math.round(job.rows_per_second)));
      field('eta').textContent = job.eta_seconds == null ? '' : ` · ${fill(box.dataset.tplEta, clock(job.eta_seconds))}`;
      // Screen readers hear every tenth, not every second.
      const decile = Math.floor(percent / 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        field('announce').textContent = `${percent}% · ${rows}`;
      }
    } catch {
      // The server may be busy; try again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 500);
});

// The upload form: a file over the limit is refused before it is sent.
document.querySelectorAll('form[data-max-bytes]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    const input = form.querySelector('input[type=file]');
    const file = input && input.files && input.files[0];
    if (file && file.size > Number(form.getAttribute('data-max-bytes'))) {
      event.preventDefault();
      input.setCustomValidity(form.getAttribute('data-too-large'));
      input.reportValidity();
      input.addEventListener('change', () => input.setCustomValidity(''), { once: true });
    }
  });
});
