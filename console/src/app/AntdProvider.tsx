import { useSyncExternalStore, type ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useLanguage } from '../lib/use-language';

/** A phone (the rule of console/src/app/styles.css's `max-width: 600px` block). */
const PHONE = '(max-width: 600px)';

function subscribeToPhone(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the viewport is a phone's width, following rotation and resizing. */
function useIsPhone(): boolean {
  return useSyncExternalStore(subscribeToPhone, () => window.matchMedia(PHONE).matches);
}

const TOKEN = {
  colorPrimary: '#0b57d0',
  colorError: '#b3261e',
  colorSuccess: '#1b6b36',
  colorText: '#1a1a1a',
  colorTextSecondary: '#4a4f57',
  borderRadius: 4,
  fontSize: 15,
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
};
/**
 * The theme, one object per kind of screen (not a new one each render, which antd would compare
 * deeply). A thumb wants 44 px (WCAG 2.5.5, Apple's HIG): buttons, fields, selects, pagination
 * and menus grow on a phone only; the desktop keeps antd's density.
 */
/** "菜 单": antd spaces two-character Chinese labels, which then read as two words. */
const BUTTON = { autoInsertSpace: false };
const DESKTOP_THEME = { token: TOKEN };
const PHONE_THEME = {
  token: { ...TOKEN, controlHeight: 44, controlHeightSM: 44, controlHeightLG: 48 },
};

/**
 * Ant Design for the signed-in console: the component library this audience (Chinese
 * civil-affairs and hotline staff) already knows from government systems, with tables, forms,
 * tree pickers, date pickers and notifications that are keyboard-usable and localised in both
 * languages. It wraps the console shell only, so the public report page never loads it.
 *
 * Components read the console's language (zh-CN / en) and colours; `App` gives hooks
 * (`App.useApp()`) for messages and notifications that follow the same theme. On a phone every
 * control is at least 44 px either way.
 */
export function AntdProvider({ children }: { children: ReactNode }) {
  const [language] = useLanguage();
  const phone = useIsPhone();
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCN : enUS}
      button={BUTTON}
      theme={phone ? PHONE_THEME : DESKTOP_THEME}
    >
      <App component={false}>{children}</App>
    </ConfigProvider>
  );
}
