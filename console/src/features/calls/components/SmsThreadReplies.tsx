import { useEffect, useId, useState } from 'react';
import { Select } from 'antd';
import type { Language, TCannedReply } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useMessages, type Label } from '../../../lib/messages';
import { listCannedReplies } from '../../presence/api';

/** Texts of the canned-reply picker in both languages. */
const CANNED_REPLY_MESSAGES = {
  label: { en: 'Insert a canned reply ({{language}})', 'zh-CN': '插入常用回复（{{language}}）' },
  placeholder: { en: 'Choose a reply…', 'zh-CN': '选择回复…' },
  unavailable: { en: 'Canned replies are unavailable.', 'zh-CN': '常用回复暂不可用。' },
  'language.zh-CN': { en: 'Chinese', 'zh-CN': '中文' },
  'language.en': { en: 'English', 'zh-CN': '英文' },
} satisfies Record<string, Label>;

/**
 * Canned replies for the SMS reply box: picking one inserts its text in the conversation's
 * language (which may differ from the console's). Hidden when none could be loaded.
 */
export function CannedReplyPicker({
  language,
  onPick,
}: {
  language: Language;
  onPick: (text: string) => void;
}) {
  const api = useApi();
  const m = useMessages(CANNED_REPLY_MESSAGES);
  const labelId = useId();
  const [replies, setReplies] = useState<TCannedReply[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    listCannedReplies(api)
      .then((list) => !cancelled && setReplies(list.replies))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (failed) return <p className="hint">{m('unavailable')}</p>;
  if (replies === null || replies.length === 0) return null;
  return (
    <div className="sms-thread__canned">
      <span id={labelId} className="hint">
        {m('label', { language: m(`language.${language}`) })}
      </span>
      <Select<string>
        aria-labelledby={labelId}
        placeholder={m('placeholder')}
        value={null}
        style={{ minWidth: 220 }}
        size="small"
        options={replies.map((r) => ({
          value: r.id,
          label: r.label[language],
          title: r.text[language],
        }))}
        onChange={(id) => {
          const reply = replies.find((r) => r.id === id);
          if (reply) onPick(reply.text[language]);
        }}
      />
    </div>
  );
}
