import { PageHeading } from '../../../components/PageHeading';
import { useMessages } from '../../../lib/messages';
import { PASSWORD_MESSAGES } from '../messages';
import { ChangePasswordForm } from './ChangePasswordForm';

/** `/account/password`: anyone signed in may choose a new password. */
export function ChangePasswordPage() {
  const m = useMessages(PASSWORD_MESSAGES);
  return (
    <div className="narrow">
      <PageHeading>{m('title')}</PageHeading>
      <p>{m('intro')}</p>
      <ChangePasswordForm />
    </div>
  );
}
