import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Import boundaries (architecture.md): only src/connect imports amazon-connect-streams,
// only src/bridge imports the generated Wails bindings, src/components imports neither
// (nor features), and nothing imports window.connect directly.
const root = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

function imports(src: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|vi\.mock\(\s*['"]([^'"]+)['"]/g;
  for (const m of src.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

const all = files(root).map((p) => ({ path: relative(root, p).split(sep).join('/'), src: readFileSync(p, 'utf8') }));

describe('import boundaries', () => {
  it('finds the sources', () => expect(all.length).toBeGreaterThan(20));

  it.each(all.map((f) => [f.path, f] as const))('%s', (_p, f) => {
    const imps = imports(f.src);
    const area = f.path.split('/')[0];
    for (const i of imps) {
      if (i === 'amazon-connect-streams' && !f.path.endsWith('.test.ts')) expect(area, `${f.path} imports ${i}`).toBe('connect');
      if (i.includes('wailsjs')) expect(area, `${f.path} imports ${i}`).toBe('bridge');
      if (area === 'components') expect(i, `${f.path} imports ${i}`).not.toMatch(/\/(bridge|connect|features)(\/|$)/);
    }
    if (area !== 'connect') expect(f.src, `${f.path} uses the global connect object`).not.toMatch(/\bconnect\.(core|agent|contact|Endpoint|globalResiliency)\b/);
  });
});
