import { AdminListPage } from '../components/admin/AdminListPage.tsx';
import { ChannelCard } from '../components/admin/ChannelCard.tsx';
import { NewChannelForm } from '../components/admin/NewChannelForm.tsx';
import { channelsQueryOptions } from '../services/admin/channels.ts';

export default function AdminChannelsPage() {
  return (
    <AdminListPage
      title="Alert channels"
      description="Where alerts for every user are sent: webhooks, Slack and email"
      renderItems={(channels) => (
        <ul className="space-y-4">
          {channels.map((channel) => (
            <ChannelCard key={channel.id} channel={channel} />
          ))}
        </ul>
      )}
      adder={{ title: 'Add a channel', form: <NewChannelForm /> }}
      listTitle="Channels"
      query={channelsQueryOptions()}
      what="channels"
      emptyText="No channels yet: add one above."
    />
  );
}
