#!/usr/bin/env bash
# The mechanical part of the platform move (issue 14): run at the top of a worktree.
#
#   move.sh [--dry-run]
#
# Driven by mapping.tsv (next to this script): exact file entries, then folder rules, so files
# that other branches added to an old folder move with their folder. It
#   1. git-mvs every file of src/ to its new path (templates and static files included);
#   2. rewrites every #include "old/path.h" in src/, tests/, bench/ to the new path (and
#      re-sorts those include blocks with clang-format, as .clang-format wants);
#   3. gives templates and static files logical resource names (templates/<name>.mustache,
#      static/<path>) so they can live with their feature; the code that looks them up is
#      rewritten to match;
#   4. makes scripts/update-pot and tests/web_i18n_test.cpp scan all of src/;
#   5. rewrites source paths named in docs, scripts, po/ comments and code comments;
#   6. installs one CMakeLists.txt per layer (files/src/**), scripts/check-layers and
#      scripts/layers-debt.txt, and patches the top-level CMakeLists.txt to use them.
# It is re-runnable: what is already done is skipped. Everything it could not place or
# rewrite is printed under "NEEDS A PERSON" at the end (exit 0; the build will tell).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(git rev-parse --show-toplevel)
cd "$top"
if [[ ! -f CMakeLists.txt || ! -d src ]]; then
  echo "move.sh: run me at the top of a LabourBridge worktree" >&2
  exit 1
fi
exec python3 - "$here" "$@" <<'PY'
import os, pathlib, re, shutil, subprocess, sys

here = pathlib.Path(sys.argv[1])
dry = '--dry-run' in sys.argv
root = pathlib.Path.cwd()
todo = []  # things a person must look at

def run(*args):
    if dry:
        print('would run:', ' '.join(args))
        return
    subprocess.run(args, check=True)

# ---- the mapping --------------------------------------------------------------------------
exact, folders = {}, {}
for n, line in enumerate((here / 'mapping.tsv').read_text(encoding='utf-8').splitlines(), 1):
    line = line.split('#', 1)[0].rstrip()
    if not line.strip():
        continue
    parts = line.split('\t')
    if len(parts) != 2:
        sys.exit(f'mapping.tsv:{n}: want "old<TAB>new"')
    old, new = parts
    (folders if old.endswith('/') else exact)[old] = new
NEW_ROOTS = ('rest/', 'ui/', 'platform/', 'features/', 'server/')
# Old folders that disappear (their text mentions can be rewritten folder-wise when the rule
# is the whole story; web/ is split, so mentions of it are printed instead).
SPLIT_FOLDERS = {'web/'}

def place(rel):
    """New path (relative to src) of old path `rel`, or None when no rule knows it."""
    if rel in exact:
        return exact[rel]
    best = None
    for old in folders:
        if rel.startswith(old) and (best is None or len(old) > len(best)):
            best = old
    if best is None:
        return None
    return folders[best] + rel[len(best):]

def is_new(rel):
    return rel.startswith(NEW_ROOTS)

# ---- 1. move files ----------------------------------------------------------------------------
tracked = subprocess.run(['git', 'ls-files', 'src'], capture_output=True, text=True, check=True).stdout.split()
moves = []
for path in tracked:
    rel = path[len('src/'):]
    if is_new(rel):
        continue
    if os.path.basename(rel) == 'CMakeLists.txt':
        continue
    dest = place(rel)
    if dest is None:
        todo.append(f'src/{rel}: no rule in mapping.tsv places it (left where it is)')
        continue
    if dest != rel:
        moves.append((rel, dest))
for rel, dest in moves:
    target = root / 'src' / dest
    if target.exists():
        todo.append(f'src/{rel}: target src/{dest} exists already (left where it is)')
        continue
    if not dry:
        target.parent.mkdir(parents=True, exist_ok=True)
    run('git', 'mv', f'src/{rel}', f'src/{dest}')
print(f'move.sh: {len(moves)} files moved' + (' (dry run)' if dry else ''))

def text_files(*globs):
    out = subprocess.run(['git', 'ls-files', *globs], capture_output=True, text=True, check=True).stdout.split()
    return [root / p for p in out if (root / p).is_file()]

def edit(path, fn):
    try:
        text = path.read_text(encoding='utf-8')
    except (UnicodeDecodeError, FileNotFoundError):
        return False
    new = fn(text)
    if new != text:
        if not dry:
            path.write_text(new, encoding='utf-8')
        return True
    return False

# ---- 2. includes --------------------------------------------------------------------------------
INCLUDE = re.compile(r'(#\s*include\s+")([^"]+)(")')
def fix_includes(text):
    def repl(m):
        inc = m.group(2)
        if is_new(inc):
            return m.group(0)
        dest = place(inc)
        return m.group(1) + dest + m.group(3) if dest and dest != inc else m.group(0)
    return INCLUDE.sub(repl, text)
code = [p for p in text_files('src', 'tests', 'bench') if p.suffix in ('.h', '.hpp', '.cpp', '.cc', '.c')]
include_changed = [p for p in code if edit(p, fix_includes)]
print(f'move.sh: includes rewritten in {len(include_changed)} files')
# The rewritten includes are re-sorted the way the project's .clang-format sorts them.
if include_changed and not dry:
    if shutil.which('clang-format'):
        subprocess.run(['clang-format', '-i', *map(str, include_changed)], check=True)
    else:
        todo.append('clang-format not found: the rewritten include blocks are not re-sorted')

# ---- 3. resource names of templates and static files ------------------------------------
def must_edit(rel, pairs):
    """Replace each (old, new) in src/<rel>; fine when already done; else tell a person."""
    path = root / rel
    if not path.exists():
        todo.append(f'{rel}: missing, could not apply {pairs[0][0]!r} -> {pairs[0][1]!r}')
        return
    text = path.read_text(encoding='utf-8')
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
        elif new not in text:
            todo.append(f'{rel}: found neither {old!r} nor {new!r}')
    if not dry:
        path.write_text(text, encoding='utf-8')
must_edit('src/ui/render.cpp', [('"src/web/templates/" +', '"templates/" +')])
must_edit('src/ui/pages.cpp', [('"src/web/static/', '"static/')])
for p in text_files('src', 'tests', 'bench'):
    if p.suffix in ('.h', '.cpp') and re.search(r'"src/web/(templates|static)/', p.read_text(encoding='utf-8', errors='replace')):
        todo.append(f'{p.relative_to(root)}: still looks up a resource by its old source path')

# ---- 4. message extraction and the catalog test scan all of src/ -----------------------
must_edit('scripts/update-pot', [
    ("po/vi.po and po/lo.po (msgmerge): {{#t}}...{{/t}} in src/web/templates/*.mustache, and in\n"
     "src/web/*.cpp the string literals",
     "po/vi.po and po/lo.po (msgmerge): {{#t}}...{{/t}} in src/**/templates/*.mustache, and in\n"
     "src/**/*.cpp and *.h the string literals"),
    ("for path in sorted((root / 'src/web/templates').glob('*.mustache')):",
     "for path in sorted(p for p in (root / 'src').rglob('*.mustache') if p.parent.name == 'templates'):"),
    ("for path in sorted((root / 'src/web').glob('*.cpp')):",
     "for path in sorted(p for p in (root / 'src').rglob('*') if p.suffix in ('.cpp', '.h')):"),
])
must_edit('tests/web_i18n_test.cpp', [
    ("// literals given to T(), F(), N_() and the singular of N() in src/web/*.cpp.",
     "// literals given to T(), F(), N_() and the singular of N() in src/**/*.cpp and *.h."),
    ('  for (const auto& e : fs::directory_iterator(root / "src/web/templates")) {\n',
     '  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {\n'
     '    if (e.path().extension() != ".mustache" || e.path().parent_path().filename() != "templates") continue;\n'),
    ('  for (const auto& e : fs::directory_iterator(root / "src/web")) {\n'
     '    if (e.path().extension() != ".cpp") continue;\n',
     '  for (const auto& e : fs::recursive_directory_iterator(root / "src")) {\n'
     '    if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;\n'),
])
must_edit('tests/CMakeLists.txt', [
    ('# The catalog test reads po/, src/web/templates/ and src/web/*.cpp from the source tree.',
     '# The catalog test reads po/ and every template and source file of src/ from the source tree.'),
])

# ---- 5. paths named in docs, scripts, po/ comments and code comments -----------------------
pairs = sorted(((f'src/{o}', f'src/{n}') for o, n in exact.items() if o != n), key=lambda p: -len(p[0]))
folder_pairs = sorted(((f'src/{o}', f'src/{n}') for o, n in folders.items()
                       if o != n and o not in SPLIT_FOLDERS), key=lambda p: -len(p[0]))
ticked = sorted(((f'`{o}`', f'`{n}`') for o, n in exact.items() if o != n), key=lambda p: -len(p[0]))
def fix_paths(text, md=False):
    for a, b in pairs + folder_pairs:
        text = re.sub(r'(?<![\w/])' + re.escape(a), b, text)
    if md:
        for a, b in ticked:
            text = text.replace(a, b)
    return text
docs = text_files('README.md', 'CONTRIBUTING.md', 'docs', 'scripts', 'po', 'Makefile', 'bench',
                  'tests/CMakeLists.txt', 'tests/e2e/*.mjs', 'tests/e2e/run', 'tests/data/README.md', 'src', 'tests/*.cpp')
changed = 0
for p in docs:
    if p.suffix in ('.woff', '.mo', '.png', '.jpg', '.xlsx', '.pdf'):
        continue
    changed += edit(p, lambda t, md=p.suffix == '.md': fix_paths(t, md))
print(f'move.sh: source paths rewritten in {changed} docs/scripts/comments')

# ---- 6. the build: one library per layer, the layer check --------------------------------
files = here / 'files'
for f in sorted(files.rglob('*')):
    if f.is_file():
        dest = root / f.relative_to(files)
        if not dry:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        run('git', 'add', str(dest.relative_to(root)))

def patch_top(text):
    if 'add_subdirectory(src)' in text:
        return text
    # Templates and static files are found anywhere under src/ and embedded under logical names.
    text, n1 = re.subn(r'\n\s*\$\{CMAKE_SOURCE_DIR\}/src/web/static/\*', '', text)
    text, n2 = re.subn(r'\n\s*\$\{CMAKE_SOURCE_DIR\}/src/web/templates/\*', '', text)
    anchor = re.search(r'list\(TRANSFORM LB_RESOURCE_FILES PREPEND [^\n]*\n', text)
    if not (n1 and n2 and anchor):
        todo.append('CMakeLists.txt: the resource glob changed; add the templates/static block by hand')
    else:
        block = '''# Page templates and static files live with the code that uses them (src/ui/, src/features/<f>/)
# and are embedded under logical names: templates/<name>.mustache and static/<path below static/>.
file(GLOB_RECURSE LB_PAGE_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/*)
list(FILTER LB_PAGE_FILES INCLUDE REGEX "/src/(.+/)?(templates/[^/]+\\\\.mustache|static/.+)$")
list(SORT LB_PAGE_FILES)
set(LB_PAGE_NAMES "")
foreach(f IN LISTS LB_PAGE_FILES)
  if(f MATCHES "/templates/([^/]+)$")
    set(name "templates/${CMAKE_MATCH_1}")
  else()
    string(REGEX REPLACE "^.*/static/" "static/" name "${f}")
  endif()
  if(name IN_LIST LB_PAGE_NAMES)
    message(FATAL_ERROR "${name} exists twice under src/ (resource names must be unique): ${f}")
  endif()
  list(APPEND LB_PAGE_NAMES "${name}")
  string(APPEND LB_RESOURCE_LIST "|${name}=${f}")
  list(APPEND LB_RESOURCE_PATHS ${f})
endforeach()
'''
        text = text[:anchor.end()] + block + text[anchor.end():]
    m = re.search(r'file\(GLOB_RECURSE LB_CORE_SOURCES.*?target_link_libraries\(labourbridge PRIVATE labourbridge_core\)\n',
                  text, re.S)
    if not m:
        todo.append('CMakeLists.txt: the library block changed; replace it with add_subdirectory(src) by hand')
        return text
    old = m.group(0)
    links = re.search(r'target_link_libraries\(labourbridge_core PUBLIC(.*?)\)', old, re.S)
    defs = re.search(r'target_compile_definitions\(labourbridge_core PUBLIC(.*?)\)', old, re.S)
    known = {'file', 'add_library', 'target_include_directories', 'target_compile_definitions',
             'target_link_libraries', 'add_executable'}
    for cmd in re.findall(r'^(\w+)\(', old, re.M):
        if cmd not in known:
            todo.append(f'CMakeLists.txt: the old library block has {cmd}(...); carry it over by hand')
    new = ('add_custom_target(lb_resources DEPENDS ${LB_RESOURCES_CPP})\n\n'
           '# What every layer links: third-party libraries and the common definitions.\n'
           'add_library(lb_deps INTERFACE)\n'
           f'target_compile_definitions(lb_deps INTERFACE{defs.group(1) if defs else ""})\n'
           f'target_link_libraries(lb_deps INTERFACE{links.group(1) if links else ""})\n\n'
           '# One static library per layer (src/CMakeLists.txt); the executable in src/app/.\n'
           'add_subdirectory(src)\n')
    return text.replace(old, new)
if not dry:
    edit(root / 'CMakeLists.txt', patch_top)
    run('git', 'add', '-A', 'src', 'tests', 'bench', 'scripts', 'docs', 'po', 'CMakeLists.txt', 'README.md', 'CONTRIBUTING.md')

# ---- what a person must look at ----------------------------------------------------------
for p in text_files('README.md', 'CONTRIBUTING.md', 'docs', 'scripts', 'tests/CMakeLists.txt', 'tests/e2e/*.mjs', 'src'):
    if p.suffix in ('.woff', '.png'):
        continue
    try:
        lines = p.read_text(encoding='utf-8').splitlines()
    except UnicodeDecodeError:
        continue
    for i, l in enumerate(lines, 1):
        if re.search(r'(?<![\w/])src/web\b', l):
            todo.append(f'{p.relative_to(root)}:{i}: names src/web: {l.strip()[:100]}')
left = [d for d in ('src/web', 'src/access', 'src/audit', 'src/registry', 'src/cooperation', 'src/exchange',
                    'src/reports', 'src/node') if (root / d).exists() and any(p.is_file() for p in (root / d).rglob('*'))]
if not dry:
    for d in sorted((root / 'src').rglob('*'), key=lambda p: -len(p.parts)):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
for d in left:
    todo.append(f'{d}/ still holds files: ' + ', '.join(str(p.relative_to(root)) for p in (root / d).rglob('*') if p.is_file())[:300])
if todo:
    print('\nmove.sh: NEEDS A PERSON')
    for t in todo:
        print('  ' + t)
else:
    print('move.sh: everything placed')
PY
