import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { request } from '../../backend/test/http.js';

/** 石南村, the demo director's village. */
export const SHINAN = '440117101201';

/** A director's phone: 390×844, touch, in English (en-GB). */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-GB',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
}

/** Nothing wider than the phone's screen (no sideways scrolling). */
export async function fitsTheScreen(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/**
 * What is wrong with the page's tap targets at `min` CSS px (44: WCAG 2.5.5, Apple's HIG): every
 * visible, enabled control the user taps smaller than `min` either way, and every two controls
 * whose boxes overlap. Controls are buttons, links, checkboxes and radios, tabs and menu items,
 * text fields, text areas and selects (native or antd), and the items of antd's pop-ups (a
 * select's options, a date picker's days and months). A field is measured by its visible box
 * (antd's wrapper round an input); a checkbox or radio by the larger of its own box and its
 * label's; a control nested inside another (an icon button in a select) is not compared with it.
 * Links inside running text are exempt, as in WCAG. `within` (a CSS selector) checks only the
 * controls inside it: an open dialog, menu or pop-up, without the page behind it. Returns
 * descriptions (text or aria-label, and size), so a failing test names them.
 */
export async function tapTargetProblems(
  page: Page,
  { min = 44, within }: { min?: number; within?: string } = {},
): Promise<string[]> {
  // A string, as the other page checks: these tests compile without the DOM's types.
  return page.evaluate<string[]>(`(() => {
    const size = ${min};
    const within = ${JSON.stringify(within ?? null)};
    const selector = [
      'button',
      'a[href]',
      'input:not([type=hidden])',
      'textarea',
      'select',
      '[role=button]',
      '.ant-select-selector',
      '[role=tab]',
      '[role=menuitem]',
      '.ant-select-item-option',
      '.ant-picker-cell',
      '.ant-picker-presets li',
    ].join(',');
    // A field is its visible box: antd's wrapper round the input.
    const field = 'input:not([type=checkbox]):not([type=radio]), textarea, select, .ant-select-selector';
    const boxOf =
      '.ant-input-affix-wrapper, .ant-select, .ant-picker, .ant-input-number, .ant-input-search';
    const area = (r) => r.width * r.height;
    const name = (el) =>
      (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') ||
        el.getAttribute('placeholder') || '')
        .replace(/\\s+/g, ' ').trim().slice(0, 30);
    /** A link inside running text (a sentence with a link in it): exempt, as in WCAG 2.5.5. */
    const inText = (el) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      const block = el.parentElement;
      return !!block && block.textContent.trim().length > el.textContent.trim().length;
    };
    const targets = [];
    const seen = new Set();
    for (const found of document.querySelectorAll(selector)) {
      if (within && !found.closest(within)) continue;
      const el = found.matches(field) ? (found.closest(boxOf) ?? found) : found;
      if (seen.has(el)) continue;
      seen.add(el);
      if (found.matches(':disabled') || el.matches('.ant-select-disabled, .ant-picker-disabled, .ant-picker-cell-disabled, .ant-select-item-option-disabled')) continue;
      if (el.closest('[aria-disabled=true], [inert]')) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (inText(el)) continue;
      const label = el.matches('input') ? el.closest('label') : null;
      let box = el.getBoundingClientRect();
      if (label && area(label.getBoundingClientRect()) > area(box)) box = label.getBoundingClientRect();
      // Not rendered, or moved off the page until focused (the skip link).
      if (box.width === 0 || box.height === 0) continue;
      if (box.right + scrollX <= 0 || box.bottom + scrollY <= 0) continue;
      targets.push({ el: label ?? el, box });
    }
    const describe = (t) =>
      t.el.tagName.toLowerCase() + ' "' + name(t.el) + '" ' +
      Math.round(t.box.width) + '×' + Math.round(t.box.height);
    const problems = [];
    for (const t of targets) {
      if (t.box.width < size || t.box.height < size) problems.push('small: ' + describe(t));
    }
    for (let i = 0; i < targets.length; i++) {
      for (let j = i + 1; j < targets.length; j++) {
        const a = targets[i], b = targets[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // A segmented group's buttons share a 1-px border (antd's radio buttons): not a mis-tap.
        const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (w > 1 && h > 1) problems.push('overlap: ' + describe(a) + ' with ' + describe(b));
      }
    }
    return [...new Set(problems)];
  })()`);
}

/**
 * The text fields whose placeholder is wider than the room inside them (so it reads cut off),
 * measured with the field's own font. Returns "placeholder (text px > room px)".
 */
export async function clippedPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const context = document.createElement('canvas').getContext('2d');
    const clipped = [];
    for (const input of document.querySelectorAll('input[placeholder]:not([type=hidden])')) {
      if (!input.checkVisibility({ visibilityProperty: true }) || input.value !== '') continue;
      const style = getComputedStyle(input);
      context.font = style.font;
      const text = context.measureText(input.placeholder).width;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (text > room + 0.5) {
        clipped.push(input.placeholder + ' (' + Math.round(text) + ' px > ' + Math.round(room) + ' px)');
      }
    }
    return clipped;
  })()`);
}

/** Registers a child in 石南村 as `cookie`'s user and returns its id and (unique) name. */
export async function registerChild(
  baseUrl: string,
  cookie: string,
): Promise<{ id: string; name: string }> {
  const name = `测试${randomUUID().slice(0, 6)}`;
  const res = await request(baseUrl, '/api/children', {
    cookie,
    body: {
      name,
      sex: 'female',
      dateOfBirth: '2016-03-01',
      regionCode: SHINAN,
      categories: ['left_behind'],
      guardians: [{ relation: 'grandparent', name: '李奶奶', livesWithChild: true }],
    },
  });
  if (res.status !== 201) throw new Error(`registering a child failed: ${res.status}`);
  return { id: (res.body as { id: string }).id, name };
}
