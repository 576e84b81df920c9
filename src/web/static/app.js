// LabourBridge's only script, and nothing depends on it: every page works without it.
// It adds name suggestions under the search box and asks before destructive actions.
'use strict';

document.addEventListener('submit', (event) => {
  const question = event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

document.querySelectorAll('input[data-typeahead]').forEach((input) => {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  let timer;
  let last = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) { list.hidden = true; list.replaceChildren(); return; }
      try {
        const res = await fetch(`${input.getAttribute('data-typeahead')}?q=${encodeURIComponent(q)}`,
          { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!res.ok || q !== last) return;
        const people = await res.json();
        list.replaceChildren(...people.map((p) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = `/persons/${encodeURIComponent(p.id)}`;
          a.textContent = p.native_name ? `${p.name} – ${p.native_name}` : p.name;
          li.append(a);
          return li;
        }));
        list.hidden = people.length === 0;
      } catch {
        list.hidden = true;  // the search button still works
      }
    }, 200);
  });
});
