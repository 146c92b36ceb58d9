import { Tag } from 'antd';
import { CHILD_RISK_LABEL, type ChildRiskLevel } from '@hutong/shared';
import { useLabel } from '../../../lib/messages';

const RISK_COLOR: Record<ChildRiskLevel, string> = { high: 'red', medium: 'orange', low: 'green' };

/** A risk level as a coloured tag, in words (never colour alone). */
export function RiskTag({ level }: { level: ChildRiskLevel }) {
  const label = useLabel();
  return (
    <Tag color={RISK_COLOR[level]} data-risk={level}>
      {label(CHILD_RISK_LABEL[level])}
    </Tag>
  );
}
