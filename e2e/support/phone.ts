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
 * The controls in the page's main area smaller than `min` CSS px either way (WCAG 2.2's target
 * is 24; a thumb on a phone wants 44): buttons, text fields, selects, radio and checkbox
 * labels, and links styled as buttons, each measured by its visible box (antd's wrapper round
 * an input). Links inside running text are exempt, as in WCAG. Returns their descriptions, so a
 * failing test names them.
 */
export async function smallTapTargets(page: Page, min = 44): Promise<string[]> {
  // A string, as the other page checks: these tests compile without the DOM's types.
  return page.evaluate<string[]>(`(() => {
    const size = ${min};
    const selector = [
      '#main button:not([class*="clear-icon"])',
      '#main a.button',
      '#main input:not([type=radio]):not([type=checkbox]):not([type=hidden])',
      '#main textarea',
      '#main .ant-radio-wrapper',
      '#main .ant-radio-button-wrapper',
      '#main .ant-checkbox-wrapper',
    ].join(',');
    const boxOf =
      '.ant-input-affix-wrapper, .ant-select, .ant-picker, .ant-input-number, .ant-input-search';
    const small = new Set();
    for (const found of document.querySelectorAll(selector)) {
      const element = found.closest(boxOf) ?? found;
      const box = element.getBoundingClientRect();
      // Hidden (not rendered) controls are not targets.
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < size || box.height < size) {
        const name = (element.textContent || element.getAttribute('aria-label') || '').trim();
        small.add(element.tagName.toLowerCase() + '.' + element.className.split(' ')[0] +
          ' "' + name.slice(0, 30) + '" ' + Math.round(box.width) + '×' + Math.round(box.height));
      }
    }
    return [...small];
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
