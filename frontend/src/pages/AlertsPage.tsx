import { AlertsPanel } from '../components/billing/AlertsPanel.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';

export default function AlertsPage() {
  const { userId } = useViewer();
  return (
    <Page
      title="Alerts"
      description="Warnings at 80 %, 90 % and 100 % of each limit, and usage without a price"
    >
      <Card>
        <AlertsPanel userId={userId} hasFilter />
      </Card>
    </Page>
  );
}
