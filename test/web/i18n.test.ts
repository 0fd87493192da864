import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const webDir = join(import.meta.dirname, '..', '..', 'src', 'web');

type Tree = { [key: string]: string | Tree };

function load(language: string): Tree {
  return JSON.parse(readFileSync(join(webDir, 'locales', `${language}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      out.set(path, value);
    } else {
      for (const [k, v] of flatten(value, path)) {
        out.set(k, v);
      }
    }
  }
  return out;
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return files(path, ext);
    }
    return entry.name.endsWith(ext) ? [path] : [];
  });
}

/** Plural forms (`_one`, `_other`) count as one key: French and English share the same keys here. */
function base(key: string): string {
  return key.replace(/_(zero|one|two|few|many|other)$/, '');
}

const en = flatten(load('en'));
const fr = flatten(load('fr'));

describe('translations', () => {
  it('has every English key in French and every French key in English', () => {
    const enKeys = new Set([...en.keys()].map(base));
    const frKeys = new Set([...fr.keys()].map(base));
    expect([...enKeys].filter((k) => !frKeys.has(k))).toEqual([]);
    expect([...frKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('has no empty value in either language', () => {
    const empty = [...en, ...fr].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const differing = [...en]
      .filter(([key]) => fr.has(key))
      .filter(([key, value]) => vars(value).join() !== vars(fr.get(key)!).join())
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('defines every key the code asks for with a literal t(...) call', () => {
    const keys = new Set([...en.keys()].map(base));
    const missing: string[] = [];
    for (const file of [...files(webDir, '.tsx'), ...files(webDir, '.ts')]) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        if (!keys.has(match[1]!)) {
          missing.push(`${relative(webDir, file)}: ${match[1]}`);
        }
      }
      for (const match of source.matchAll(
        /label: '([\w]+\.[\w.]+)'|title: '([\w]+\.[\w.]+)'|action: '([\w]+\.[\w.]+)'/g,
      )) {
        const key = match[1] ?? match[2] ?? match[3];
        if (key && !keys.has(key)) {
          missing.push(`${relative(webDir, file)}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds no hard-coded user-visible text in the components (JSX text or text attributes)', () => {
    const offenders: string[] = [];
    for (const file of files(webDir, '.tsx')) {
      const source = readFileSync(file, 'utf8');
      // JSX text before a closing tag: letters, with none of the characters code has (;=(){}).
      for (const match of source.matchAll(/>([^<>{};=()]*)<\//g)) {
        const text = match[1]!.trim();
        if (/\p{L}/u.test(text)) {
          offenders.push(`${relative(webDir, file)}: "${text}"`);
        }
      }
      // Text-bearing props given a literal string.
      for (const match of source.matchAll(
        /\b(label|placeholder|title|description|aria-label|alt|confirmLabel|message|nothingFoundMessage)="([^"]*)"/g,
      )) {
        if (/\p{L}/u.test(match[2]!)) {
          offenders.push(`${relative(webDir, file)}: ${match[1]}="${match[2]}"`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
