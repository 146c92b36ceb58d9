import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, ZCaseDetail, type TAssessment, type TCaseDetail } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { updateCase } from '../api';
import {
  assessmentErrors,
  changedFields,
  cleanAssessment,
  validateAssessment,
} from '../assessment-draft';
import { initialAssessment } from '../assessment-prefill';

/**
 * Where the autosave stands; `unconfirmed`: the draft is taken from the reports and waits for the
 * operator to confirm it; `conflict` holds the case as someone else left it.
 */
export type SaveState =
  | { status: 'saved' | 'dirty' | 'saving' | 'unconfirmed' }
  | { status: 'invalid'; errors: Record<string, string> }
  | { status: 'failed'; message: string }
  | { status: 'conflict'; current: TCaseDetail; mine: TAssessment; base: TAssessment };

/** After this long without a change (and with everything saved) one no longer counts as editing. */
const EDIT_IDLE_MS = 30_000;

/** Save states in which the operator is in the middle of a change. */
const CHANGING: readonly SaveState['status'][] = [
  'dirty',
  'saving',
  'invalid',
  'failed',
  'conflict',
];

/**
 * The assessment draft, saved a moment after the operator stops typing, on the version it was
 * based on. A newer case from the server replaces the draft only while nothing is unsaved; a
 * save that meets a newer assessment becomes a conflict the operator resolves.
 */
export function useAssessmentAutosave(
  detail: TCaseDetail,
  options: { delayMs?: number; onSaved?: (detail: TCaseDetail) => void } = {},
) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const delayMs = options.delayMs ?? 1000;
  const onSaved = options.onSaved;
  // Never saved: the form starts from what the reports said, not from an empty page.
  const [initial] = useState(() => initialAssessment(detail));
  const [draft, setDraftState] = useState<TAssessment>(initial.assessment);
  const [state, setState] = useState<SaveState>({
    status: initial.prefilled ? 'unconfirmed' : 'saved',
  });
  // What the draft was based on: the server's assessment and version at that time.
  const base = useRef({ version: detail.version, assessment: detail.assessment });
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The newest draft, and saves kept one at a time so each goes on the version the last returned.
  const latest = useRef<TAssessment>(initial.assessment);
  const inFlight = useRef(false);
  const queued = useRef<TAssessment | null>(null);
  // Typed in the last EDIT_IDLE_MS: others see this person as editing (the presence lock).
  const [recent, setRecent] = useState(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A newer case arrived (our own save, a transition, someone else): adopt it if nothing is pending.
  useEffect(() => {
    if (detail.version <= base.current.version || dirty.current) return;
    base.current = { version: detail.version, assessment: detail.assessment };
    // A claim or a new report moves the version on: a never-saved draft follows the reports.
    const next = initialAssessment(detail);
    latest.current = next.assessment;
    setDraftState(next.assessment);
    setState((s) =>
      next.prefilled
        ? { status: 'unconfirmed' }
        : s.status === 'unconfirmed'
          ? { status: 'saved' }
          : s,
    );
  }, [detail]);

  const save = useCallback(
    async (mine: TAssessment, version: number): Promise<void> => {
      const checked = validateAssessment(mine, t);
      if (!checked.ok) {
        setState({ status: 'invalid', errors: checked.errors });
        return;
      }
      setState({ status: 'saving' });
      try {
        const saved = await updateCase(api, detail.id, { version, assessment: checked.value });
        base.current = { version: saved.version, assessment: saved.assessment };
        // Typing went on while this save was on its way: that newer draft is still unsaved.
        dirty.current = latest.current !== mine;
        setState({ status: dirty.current ? 'dirty' : 'saved' });
        onSaved?.(saved);
      } catch (error) {
        if (guard(error)) return;
        if (error instanceof AppError && error.code === 'CASE_VERSION_CONFLICT') {
          const current = ZCaseDetail.safeParse(error.data?.current);
          if (!current.success) {
            setState({ status: 'failed', message: errorMessage(error, t) });
            return;
          }
          // Only the status or an override moved on: nothing of ours collides, so save again.
          if (changedFields(base.current.assessment, current.data.assessment).length === 0) {
            base.current = { version: current.data.version, assessment: current.data.assessment };
            await save(mine, current.data.version);
            return;
          }
          setState({
            status: 'conflict',
            current: current.data,
            mine,
            base: base.current.assessment,
          });
          return;
        }
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
          const issues = Object.keys(error.data).map((path) => ({
            path: path.replace(/^assessment\./, '').split('.'),
            code: 'custom' as const,
          }));
          setState({ status: 'invalid', errors: assessmentErrors(issues, t) });
          return;
        }
        setState({ status: 'failed', message: errorMessage(error, t) });
      }
    },
    [api, detail.id, guard, onSaved, t],
  );

  const request = useCallback(
    (mine: TAssessment) => {
      if (inFlight.current) {
        queued.current = mine;
        return;
      }
      inFlight.current = true;
      void save(mine, base.current.version).finally(() => {
        inFlight.current = false;
        const next = queued.current;
        queued.current = null;
        if (next) request(next);
      });
    },
    [save],
  );

  const setDraft = useCallback(
    (update: (previous: TAssessment) => TAssessment) => {
      setDraftState((previous) => {
        const next = update(previous);
        latest.current = next;
        dirty.current = true;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => request(next), delayMs);
        return next;
      });
      setRecent(true);
      clearTimeout(idle.current);
      idle.current = setTimeout(() => setRecent(false), EDIT_IDLE_MS);
      setState((s) => (s.status === 'conflict' ? s : { status: 'dirty' }));
    },
    [delayMs, request],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      clearTimeout(idle.current);
    },
    [],
  );

  /** Saves the draft taken from the reports as it stands: the operator has checked it. */
  const confirm = useCallback(() => {
    dirty.current = true;
    request(latest.current);
  }, [request]);

  /** Puts the operator's own changes on top of the current case and saves them. */
  const redo = useCallback(() => {
    if (state.status !== 'conflict') return;
    base.current = { version: state.current.version, assessment: state.current.assessment };
    request(state.mine);
  }, [request, state]);

  /** Takes the other person's version and drops the operator's unsaved changes. */
  const discard = useCallback(() => {
    if (state.status !== 'conflict') return;
    base.current = { version: state.current.version, assessment: state.current.assessment };
    dirty.current = false;
    latest.current = state.current.assessment;
    setDraftState(state.current.assessment);
    setState({ status: 'saved' });
    onSaved?.(state.current);
  }, [onSaved, state]);

  /** Whether this person is changing the assessment now (typed lately or has unsaved changes). */
  const editing = recent || CHANGING.includes(state.status);
  return {
    draft,
    setDraft,
    state,
    editing,
    confirm,
    redo,
    discard,
    cleaned: cleanAssessment(draft),
  };
}
