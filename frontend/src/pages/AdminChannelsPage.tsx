import { AdminOnly } from '../components/admin/AdminOnly.tsx';
import { ChannelCard } from '../components/admin/ChannelCard.tsx';
import { NewChannelForm } from '../components/admin/NewChannelForm.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useChannels } from '../services/admin/channels.ts';

const TITLE = 'Alert channels';

export default function AdminChannelsPage() {
  const { isAdmin } = useViewer();
  const channels = useChannels({ enabled: isAdmin });
  return (
    <AdminOnly title={TITLE}>
      <Page title={TITLE} description="Where alerts for every user are sent: webhooks, Slack and email">
        <div className="space-y-6">
          <Card title="Add a channel">
            <NewChannelForm />
          </Card>
          <Card title="Channels">
            <QueryPanel query={channels} what="channels" skeleton={<SkeletonCard className="h-40" />}>
              {(shown) =>
                shown.length > 0 ? (
                  <ul className="space-y-4">
                    {shown.map((channel) => (
                      <ChannelCard key={channel.id} channel={channel} />
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-gray-600">No channels yet: add one above.</p>
                )
              }
            </QueryPanel>
          </Card>
        </div>
      </Page>
    </AdminOnly>
  );
}
