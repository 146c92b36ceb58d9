import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRegionBound, type TUser, type TUserList } from '@hutong/shared';
import { useRegions } from '../../report/hooks/use-regions';
import { AdminTable } from '../../../components/AdminTable';
import { PageHeading } from '../../../components/PageHeading';
import { useApi } from '../../../lib/ApiProvider';
import { formatDateTime } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useAuth } from '../../auth/AuthProvider';
import { AccountLocksPanel } from '../../auth/components/AccountLocksPanel';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { createUser, listUsers, resetUserPassword, updateUser } from '../api';
import { userErrors, type UserFieldErrors } from '../user-errors';
import { OneTimePassword } from './OneTimePassword';
import { UserForm, type UserFormValues } from './UserForm';

type Pending = { user: TUser; action: 'disable' | 'enable' | 'reset' };

const NEW_USER: UserFormValues = {
  username: '',
  displayName: '',
  role: 'operator',
  centreId: '',
  orgId: '',
  regionCode: '',
};

/**
 * Only the binding the role needs: centre staff a centre, reporters an organisation, directors,
 * township supervisors and analysts a region.
 */
function binding(values: UserFormValues): {
  centreId: string | null;
  orgId: string | null;
  regionCode: string | null;
} {
  return {
    centreId: values.role === 'centre_staff' ? values.centreId : null,
    orgId: values.role === 'reporter' ? values.orgId : null,
    regionCode: isRegionBound(values.role) ? values.regionCode : null,
  };
}

/** Account administration: list, create, edit, disable or enable, reset a password. */
export function UsersPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const { state: auth } = useAuth();
  const meId = auth.status === 'authenticated' ? auth.user.id : null;

  const [list, setList] = useState<TUserList | null>(null);
  const { regions } = useRegions();
  const choices = list && { centres: list.centres, orgs: list.orgs, regions };
  const [loadError, setLoadError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ title: string; password: string } | null>(null);
  const [createKey, setCreateKey] = useState(0);
  const [createErrors, setCreateErrors] = useState<UserFieldErrors>({});
  const [editing, setEditing] = useState<TUser | null>(null);
  const [editErrors, setEditErrors] = useState<UserFieldErrors>({});
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setList(await listUsers(api));
      setLoadError(null);
    } catch (caught) {
      if (!guard(caught)) setLoadError(caught);
    }
  }, [api, guard]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (editing) editHeading.current?.focus();
  }, [editing]);

  /**
   * Runs one change; refusals land in the alert (and per field where they name one). The
   * change's message is announced only after the list has been reloaded, so what is said and
   * what the table shows agree.
   */
  const run = async (
    work: () => Promise<string | null>,
    onFields?: (fields: UserFieldErrors) => void,
  ): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const message = await work();
      await load();
      setStatus(message);
    } catch (caught) {
      if (guard(caught)) return;
      const { message, fields } = userErrors(caught, t);
      setError(message);
      onFields?.(fields);
    } finally {
      setBusy(false);
    }
  };

  const create = (values: UserFormValues) =>
    run(async () => {
      const { centreId, orgId, regionCode } = binding(values);
      const created = await createUser(api, {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        ...(centreId ? { centreId } : {}),
        ...(orgId ? { orgId } : {}),
        ...(regionCode ? { regionCode } : {}),
      });
      setCreateErrors({});
      setCreateKey((k) => k + 1);
      setSecret({
        title: t('admin.password.created', { username: created.user.username }),
        password: created.temporaryPassword,
      });
      return null;
    }, setCreateErrors);

  const save = (user: TUser, values: UserFormValues) =>
    run(async () => {
      await updateUser(api, user.id, {
        displayName: values.displayName.trim(),
        role: values.role,
        ...binding(values),
      });
      setEditing(null);
      setEditErrors({});
      return t('admin.edit.saved', { username: user.username });
    }, setEditErrors);

  const confirm = ({ user, action }: Pending) =>
    run(async () => {
      setPending(null);
      if (action === 'reset') {
        const reset = await resetUserPassword(api, user.id);
        setSecret({
          title: t('admin.password.reset', { username: user.username }),
          password: reset.temporaryPassword,
        });
        return null;
      }
      await updateUser(api, user.id, { disabled: action === 'disable' });
      return t(action === 'disable' ? 'admin.done.disabled' : 'admin.done.enabled', {
        username: user.username,
      });
    });

  const bindingName = (user: TUser) =>
    (user.centreId && list?.centres.find((c) => c.id === user.centreId)?.name) ||
    (user.orgId && list?.orgs.find((o) => o.id === user.orgId)?.name) ||
    '—';

  const statusOf = (user: TUser) => {
    if (user.disabledAt) return t('admin.status.disabled');
    if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) {
      return t('admin.status.locked', { time: formatDateTime(user.lockedUntil, language) });
    }
    return t('admin.status.active');
  };

  return (
    <div className="users-page">
      <PageHeading>{t('admin.title')}</PageHeading>

      {secret && (
        <OneTimePassword
          title={secret.title}
          password={secret.password}
          onDismiss={() => setSecret(null)}
        />
      )}
      <div role="alert" className="form-error">
        {error}
      </div>
      <p role="status">{status}</p>

      {pending && (
        <div
          className="notice notice--warning"
          role="group"
          aria-labelledby="users-confirm-question"
        >
          <p id="users-confirm-question">
            {t(`admin.confirm.${pending.action}`, { username: pending.user.username })}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              // The question was just asked: answering it is the next thing to do.
              autoFocus
              onClick={() => void confirm(pending)}
            >
              {t('admin.confirm.yes')}
            </button>
            <button type="button" className="button" onClick={() => setPending(null)}>
              {t('admin.confirm.no')}
            </button>
          </div>
        </div>
      )}

      {editing && choices && (
        <section className="card" aria-labelledby="users-edit-title">
          <h2 id="users-edit-title" ref={editHeading} tabIndex={-1}>
            {t('admin.edit.title', { username: editing.username })}
          </h2>
          <UserForm
            key={editing.id}
            mode="edit"
            initial={{
              username: editing.username,
              displayName: editing.displayName,
              role: editing.role,
              centreId: editing.centreId ?? '',
              orgId: editing.orgId ?? '',
              regionCode: editing.regionCode ?? '',
            }}
            choices={choices}
            busy={busy}
            serverErrors={editErrors}
            submitLabel={busy ? t('admin.edit.saving') : t('admin.edit.submit')}
            onSubmit={(values) => void save(editing, values)}
            onCancel={() => {
              setEditing(null);
              setEditErrors({});
            }}
          />
        </section>
      )}

      <AdminTable
        caption={t('admin.caption')}
        rows={list?.users ?? null}
        rowKey={(user) => user.id}
        loading={t('admin.loading')}
        empty={t('admin.empty')}
        error={loadError}
        errorMessage={t('admin.loadError')}
        onRetry={() => void load()}
        columns={[
          {
            key: 'username',
            title: t('admin.columns.username'),
            rowHeader: true,
            render: (user) => (
              <>
                {user.username}
                {user.id === meId && <span className="muted"> {t('admin.you')}</span>}
              </>
            ),
          },
          {
            key: 'displayName',
            title: t('admin.columns.displayName'),
            render: (user) => user.displayName,
          },
          {
            key: 'role',
            title: t('admin.columns.role'),
            render: (user) => t(`roles.${user.role}`),
          },
          { key: 'binding', title: t('admin.columns.binding'), render: bindingName },
          { key: 'status', title: t('admin.columns.status'), render: statusOf },
          {
            key: 'actions',
            title: t('admin.columns.actions'),
            render: (user) => (
              <div
                className="button-row"
                role="group"
                aria-label={t('admin.actions.group', { username: user.username })}
              >
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    setEditErrors({});
                    setEditing(user);
                  }}
                >
                  {t('admin.actions.edit')}
                </button>
                {user.id !== meId && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      setPending({ user, action: user.disabledAt ? 'enable' : 'disable' })
                    }
                  >
                    {user.disabledAt ? t('admin.actions.enable') : t('admin.actions.disable')}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setPending({ user, action: 'reset' })}
                >
                  {t('admin.actions.resetPassword')}
                </button>
              </div>
            ),
          },
        ]}
      />

      {choices && (
        <section className="card" aria-labelledby="users-create-title">
          <h2 id="users-create-title">{t('admin.create.title')}</h2>
          <UserForm
            key={createKey}
            mode="create"
            initial={NEW_USER}
            choices={choices}
            busy={busy}
            serverErrors={createErrors}
            submitLabel={busy ? t('admin.create.submitting') : t('admin.create.submit')}
            onSubmit={(values) => void create(values)}
          />
        </section>
      )}
      <AccountLocksPanel />
    </div>
  );
}
