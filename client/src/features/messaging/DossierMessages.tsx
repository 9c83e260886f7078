import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../../lib/session.tsx';
import { Card, ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { useDossierConversation } from './messaging.api.ts';
import { Thread } from './Thread.tsx';

/** The dossier's conversation, in a compact panel of the dossier page. */
export function DossierMessages({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const conversation = useDossierConversation(dossierId);
  return (
    <Card className="!p-0 overflow-hidden">
      {conversation.isPending ? (
        // As tall as the thread it stands for, so that nothing below moves when it arrives.
        <div className="h-[28rem] p-4">
          <LoadingRows rows={2} />
        </div>
      ) : conversation.isError ? (
        <div className="p-4">
          <ErrorAlert error={conversation.error} />
        </div>
      ) : (
        <Thread
          key={conversation.data.id}
          conversation={conversation.data}
          me={me}
          className="h-[28rem]"
          header={
            <>
              <h2 className="font-semibold">{t('messaging.dossierTitle')}</h2>
              <Link
                to={`/messages/${conversation.data.id}`}
                className="ml-auto text-xs text-blue-700 underline"
              >
                {t('messaging.openFull')}
              </Link>
            </>
          }
        />
      )}
    </Card>
  );
}
