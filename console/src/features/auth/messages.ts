import type { Label } from '../../lib/messages';

/** Texts of choosing a new password, in both languages (see `useMessages`). */
export const PASSWORD_MESSAGES = {
  navLink: { en: 'Change password', 'zh-CN': '修改密码' },
  title: { en: 'Change your password', 'zh-CN': '修改密码' },
  requiredTitle: { en: 'Choose your own password', 'zh-CN': '请设置您自己的密码' },
  requiredIntro: {
    en: 'You signed in with a temporary password. Choose a password only you know before you go on; the temporary one then stops working.',
    'zh-CN': '您使用的是临时密码。继续之前，请设置一个只有您知道的新密码；临时密码随后失效。',
  },
  intro: {
    en: 'Your other signed-in devices will be signed out.',
    'zh-CN': '您在其他设备上的登录将被注销。',
  },
  current: { en: 'Current password', 'zh-CN': '当前密码' },
  currentTemporary: { en: 'Temporary password', 'zh-CN': '临时密码' },
  next: { en: 'New password', 'zh-CN': '新密码' },
  nextHint: {
    en: 'At least {{min}} characters. A short sentence you will remember works well.',
    'zh-CN': '至少 {{min}} 个字符。可以用一句您记得住的短句。',
  },
  confirm: { en: 'New password again', 'zh-CN': '再次输入新密码' },
  submit: { en: 'Save the new password', 'zh-CN': '保存新密码' },
  saving: { en: 'Saving…', 'zh-CN': '正在保存…' },
  saved: {
    en: 'Your password has been changed. Other devices were signed out.',
    'zh-CN': '密码已修改，其他设备已退出登录。',
  },
  signOut: { en: 'Sign out', 'zh-CN': '退出登录' },
  'errors.current': { en: 'Enter your current password.', 'zh-CN': '请输入当前密码。' },
  'errors.temporary': {
    en: 'Enter the temporary password you signed in with.',
    'zh-CN': '请输入您登录时使用的临时密码。',
  },
  'errors.currentWrong': {
    en: 'This is not your current password.',
    'zh-CN': '当前密码不正确。',
  },
  'errors.short': {
    en: 'Use at least {{min}} characters.',
    'zh-CN': '请至少使用 {{min}} 个字符。',
  },
  'errors.same': {
    en: 'Choose a password different from the current one.',
    'zh-CN': '新密码不能与当前密码相同。',
  },
  'errors.username': {
    en: 'Do not put your username in your password.',
    'zh-CN': '密码中不要包含用户名。',
  },
  'errors.mismatch': {
    en: 'The two new passwords are not the same.',
    'zh-CN': '两次输入的新密码不一致。',
  },
} satisfies Record<string, Label>;

/** Texts of the locked-accounts panel (users page, duty board), in both languages. */
export const LOCK_MESSAGES = {
  title: { en: 'Locked accounts', 'zh-CN': '被锁定的账号' },
  intro: {
    en: 'After several wrong passwords each further sign-in to an account has to wait, longer each time (at most a minute). Unlock an account when its owner needs to sign in now.',
    'zh-CN':
      '密码多次输错后，该账号每次再登录都需等待，且一次比一次长（最长一分钟）。如账号本人需要立即登录，可在此解锁。',
  },
  none: { en: 'No account is locked.', 'zh-CN': '没有被锁定的账号。' },
  loading: { en: 'Loading locked accounts…', 'zh-CN': '正在加载被锁定的账号…' },
  loadFailed: { en: 'The locked accounts could not be loaded.', 'zh-CN': '无法加载被锁定的账号。' },
  caption: { en: 'Accounts waiting after wrong passwords', 'zh-CN': '因密码输错而等待的账号' },
  username: { en: 'Username', 'zh-CN': '用户名' },
  displayName: { en: 'Name', 'zh-CN': '姓名' },
  role: { en: 'Role', 'zh-CN': '角色' },
  failures: { en: 'Wrong passwords', 'zh-CN': '输错次数' },
  waitUntil: { en: 'Next attempt from', 'zh-CN': '下次可尝试时间' },
  now: { en: 'now', 'zh-CN': '现在' },
  unlock: { en: 'Unlock', 'zh-CN': '解锁' },
  unlockLabel: { en: 'Unlock {{username}}', 'zh-CN': '解锁 {{username}}' },
  unlocking: { en: 'Unlocking…', 'zh-CN': '正在解锁…' },
  unlocked: {
    en: '{{username}} can sign in again now.',
    'zh-CN': '{{username}} 现在可以重新登录了。',
  },
} satisfies Record<string, Label>;
