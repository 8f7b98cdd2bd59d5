// Accessibility checks run inside the rendered page: WCAG AA contrast of every visible piece of text
// against what is really behind it, and heading levels that never skip one going down.
import type { Page } from 'playwright-core';

export interface ContrastProblem {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/** Every visible text (HTML and SVG) whose contrast is below AA: 4.5:1, or 3:1 for large text. */
export function contrastProblems(page: Page, root = 'body'): Promise<ContrastProblem[]> {
  return page.evaluate((rootSelector) => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA | null => {
      const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)/.exec(c);
      if (!m) return null;
      const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
      return [Number(m[1]), Number(m[2]), Number(m[3]), a];
    };
    const over = (top: RGBA, below: RGBA): RGBA => {
      const a = top[3] + below[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: RGBA): number => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const background = (el: Element): RGBA => {
      const layers: RGBA[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] >= 1) break;
        }
      }
      let bg: RGBA = [255, 255, 255, 1];
      for (const layer of layers.reverse()) bg = over(layer, bg);
      return bg;
    };
    const opacity = (el: Element): number => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const hidden = (el: Element): boolean => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') return true;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return true; // includes .sr-only
      // disabled controls and decoration (aria-hidden glyphs) are outside WCAG 1.4.3
      return el.closest('[disabled], [aria-disabled="true"], [hidden], [aria-hidden="true"], .sr-only') !== null;
    };
    const problems: { text: string; ratio: number; needed: number; color: string; background: string }[] = [];
    const root = document.querySelector(rootSelector) ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim() || hidden(el)) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const svg = el instanceof SVGElement;
      const fg = parse(svg ? style.fill : style.color);
      if (!fg) continue;
      const bg = background(svg ? (el.closest('svg')?.parentElement ?? el) : el);
      const text = over([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
      const [l1, l2] = [luminance(text), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      if (ratio + 0.005 < needed) {
        problems.push({ text: node.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, needed, color: svg ? style.fill : style.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})` });
      }
    }
    return problems;
  }, root);
}

/** Headings in document order that go down more than one level from the one before (h1 -> h3). */
export function headingSkips(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const root = document.querySelector(rootSelector) ?? document.body;
    const visible = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => h.getBoundingClientRect().height > 0);
    const skips: string[] = [];
    let previous = 0;
    for (const h of visible) {
      const level = Number(h.tagName.slice(1));
      if (previous > 0 && level > previous + 1) skips.push(`h${previous} -> ${h.tagName.toLowerCase()} "${h.textContent?.trim()}"`);
      previous = level;
    }
    return skips;
  }, root);
}
