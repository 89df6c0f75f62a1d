#!/usr/bin/env python3
"""The examples in manual/guide.md are sessions that run.

An example is an indented block after a line `<!-- example -->`: lines
`    rgx> COMMAND` are typed, the lines after each (up to the next command)
are what it prints.  After `<!-- example continues -->` the session of the
examples before it (up to the last plain `<!-- example -->`) is replayed
first, so a tour can go on from where it was.  check (the default) runs every example in a fresh
rgx from the repository root and reports any difference; --update
rewrites the outputs in place (after a deliberate change).

usage: guide_examples.py RGX [--update]"""
import re, subprocess, sys

MARK = '<!-- example -->'
MORE = '<!-- example continues -->'

def parse(lines, i):
    """The block starting at line i (after the mark): [(cmd, [out lines])], end."""
    items = []
    while i < len(lines) and (lines[i].startswith('    ') or lines[i] == ''):
        if lines[i] == '' and (i + 1 >= len(lines) or not lines[i + 1].startswith('    ')):
            break
        l = lines[i][4:] if lines[i] else ''
        if l.startswith('rgx> '):
            items.append((l[5:], []))
        elif items:
            items[-1][1].append(l)
        i += 1
    return items, i

def run(rgx, cmds):
    script = ''.join('%s\necho @@end@@\n' % c for c in cmds)
    r = subprocess.run([rgx, '-q', '--keep-going'], input=script, capture_output=True, text=True)
    outs = r.stdout.split('@@end@@\n')[:len(cmds)]
    return [o.rstrip('\n').split('\n') if o.strip('\n') else [] for o in outs], r.stderr

def main():
    rgx = sys.argv[1]
    update = '--update' in sys.argv
    path = 'manual/guide.md'
    lines = open(path).read().split('\n')
    out, bad, n, i = [], 0, 0, 0
    prefix = []
    while i < len(lines):
        out.append(lines[i])
        if lines[i].strip() not in (MARK, MORE):
            i += 1
            continue
        if lines[i].strip() == MARK:
            prefix = []
        items, end = parse(lines, i + 1)
        n += 1
        cmds = [c for c, _ in items]
        got, err = run(rgx, prefix + cmds)
        got = got[len(prefix):]
        prefix = prefix + cmds
        if err:
            print('example %d (line %d): stderr: %s' % (n, i + 1, err.strip()))
            bad += 1
        for (cmd, want), g in zip(items, got):
            if want != g:
                bad += 1
                print('example %d (line %d): `%s` printed:' % (n, i + 1, cmd))
                print('\n'.join('  | ' + x for x in g))
                print('the guide shows:')
                print('\n'.join('  | ' + x for x in want))
            out.append('    rgx> ' + cmd)
            out.extend(('    ' + x) if x else '' for x in g)
        i = end
    if update:
        open(path, 'w').write('\n'.join(out))
        print('updated %d examples' % n)
        return 0
    print('%d examples, %d differences' % (n, bad))
    return 1 if bad or n == 0 else 0

sys.exit(main())
