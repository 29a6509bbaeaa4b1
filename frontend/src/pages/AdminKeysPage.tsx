import { AdminOnly } from '../components/admin/AdminOnly.tsx';
import { KeysTable } from '../components/admin/KeysTable.tsx';
import { NewKeyForm } from '../components/admin/NewKeyForm.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useApiKeys } from '../services/admin/keys.ts';

const TITLE = 'Ingestion keys';

export default function AdminKeysPage() {
  const { isAdmin } = useViewer();
  const keys = useApiKeys({ enabled: isAdmin });
  return (
    <AdminOnly title={TITLE}>
      <Page title={TITLE} description="The keys your app reports usage with (Authorization: Bearer sk_…)">
        <div className="space-y-6">
          <Card title="New key">
            <NewKeyForm />
          </Card>
          <Card title="Keys">
            <QueryPanel query={keys} what="keys" skeleton={<SkeletonCard className="h-40" />}>
              {(shown) =>
                shown.length > 0 ? (
                  <KeysTable keys={shown} />
                ) : (
                  <p className="text-sm text-gray-600">No keys yet: create one above.</p>
                )
              }
            </QueryPanel>
          </Card>
        </div>
      </Page>
    </AdminOnly>
  );
}
