import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, Checkbox, Input, List, Pagination, Select, Tag } from 'antd';
import {
  can,
  CHILD_CATEGORIES,
  CHILD_CATEGORY_LABEL,
  CHILD_RISK_LABEL,
  CHILD_RISK_LEVELS,
  type ChildCategory,
  type ChildRiskLevel,
  type TChildList,
} from '@hutong/shared';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { formatDate } from '../../../lib/format';
import { useLabel, useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listChildren } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { RiskTag } from './labels';

const PAGE_SIZE = 20;

interface Filters {
  name: string;
  category: ChildCategory | '';
  risk: ChildRiskLevel | '';
  overdue: boolean;
  closed: boolean;
}

/**
 * The register: children in the user's scope, overdue visits first, each with risk and when the
 * next visit is due. Built for a 390-px phone first (one card per child), wider screens too.
 */
export function ChildrenPage() {
  const m = useMessages(CHILDREN_MESSAGES);
  const label = useLabel();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  const [draft, setDraft] = useState<Filters>({
    name: '',
    category: '',
    risk: '',
    overdue: false,
    closed: false,
  });
  const [filters, setFilters] = useState<Filters>(draft);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<TChildList | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setError(null);
      setList(
        await listChildren(api, {
          page,
          pageSize: PAGE_SIZE,
          status: filters.closed ? 'all' : 'open',
          ...(filters.name.trim() ? { name: filters.name.trim() } : {}),
          ...(filters.category ? { category: filters.category } : {}),
          ...(filters.risk ? { risk: filters.risk } : {}),
          ...(filters.overdue ? { overdue: 'true' as const } : {}),
        }),
      );
    } catch (caught) {
      if (!guard(caught)) setError(caught);
    }
  }, [api, guard, filters, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setFilters(draft);
  };
  const filtered =
    filters.name.trim() !== '' || filters.category || filters.risk || filters.overdue;

  return (
    <div className="children">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      {role && can(role, 'children.manage') && (
        <p>
          <Link to="/children/new" className="button">
            {m('register')}
          </Link>
        </p>
      )}
      <form className="children__filters" onSubmit={search} aria-label={m('filter.search')}>
        <div className="field">
          <label htmlFor={`${id}-name`}>{m('filter.name')}</label>
          <Input
            id={`${id}-name`}
            value={draft.name}
            allowClear
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-category`}>{m('filter.category')}</label>
          <Select
            id={`${id}-category`}
            value={draft.category}
            onChange={(category: ChildCategory | '') => setDraft({ ...draft, category })}
            options={[
              { value: '', label: m('filter.any') },
              ...CHILD_CATEGORIES.map((c) => ({ value: c, label: label(CHILD_CATEGORY_LABEL[c]) })),
            ]}
            style={{ minWidth: 180 }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-risk`}>{m('filter.risk')}</label>
          <Select
            id={`${id}-risk`}
            value={draft.risk}
            onChange={(risk: ChildRiskLevel | '') => setDraft({ ...draft, risk })}
            options={[
              { value: '', label: m('filter.any') },
              ...CHILD_RISK_LEVELS.map((r) => ({ value: r, label: label(CHILD_RISK_LABEL[r]) })),
            ]}
            style={{ minWidth: 140 }}
          />
        </div>
        <Checkbox
          checked={draft.overdue}
          onChange={(e) => setDraft({ ...draft, overdue: e.target.checked })}
        >
          {m('filter.overdue')}
        </Checkbox>
        <Checkbox
          checked={draft.closed}
          onChange={(e) => setDraft({ ...draft, closed: e.target.checked })}
        >
          {m('filter.closed')}
        </Checkbox>
        <Button htmlType="submit">{m('filter.search')}</Button>
      </form>
      {error !== null && (
        <LoadError message={m('failed')} error={error} onRetry={() => void load()} />
      )}
      {!list && error === null && <Loading label={m('loading')} />}
      {list && (
        <>
          <p className="muted" role="status">
            {m('count', { count: String(list.total) })}
          </p>
          <List
            dataSource={list.children}
            locale={{ emptyText: filtered ? m('empty') : m('emptyAll') }}
            renderItem={(child) => (
              <List.Item key={child.id} data-child={child.id}>
                <List.Item.Meta
                  title={
                    <Link to={`/children/${child.id}`}>
                      {child.name}
                      {child.age !== null && (
                        <span className="muted">
                          {' '}
                          · {m('age', { age: String(child.age), count: String(child.age) })}
                        </span>
                      )}
                    </Link>
                  }
                  description={
                    <>
                      <div>{child.region.path.slice(-2).join(' › ')}</div>
                      <div>
                        <RiskTag level={child.riskLevel} />
                        {child.categories.map((c) => (
                          <Tag key={c}>{label(CHILD_CATEGORY_LABEL[c])}</Tag>
                        ))}
                        {child.status === 'closed' && <Tag>{m('closedTag')}</Tag>}
                      </div>
                      {child.nextVisitDue && (
                        <div className={child.overdue ? 'children__overdue' : undefined}>
                          {m(child.overdue ? 'overdue' : 'due', {
                            date: formatDate(child.nextVisitDue, language),
                          })}
                        </div>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {list.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onChange={setPage}
              showSizeChanger={false}
              simple
            />
          )}
        </>
      )}
    </div>
  );
}
