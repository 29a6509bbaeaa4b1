import { AdminListPage } from '../components/admin/AdminListPage.tsx';
import { KeysTable } from '../components/admin/KeysTable.tsx';
import { NewKeyForm } from '../components/admin/NewKeyForm.tsx';
import { apiKeysQueryOptions } from '../services/admin/keys.ts';

export default function AdminKeysPage() {
  return (
    <AdminListPage
      title="Ingestion keys"
      description="The keys your app reports usage with (Authorization: Bearer sk_…)"
      renderItems={(keys) => <KeysTable keys={keys} />}
      adder={{ title: 'New key', form: <NewKeyForm /> }}
      listTitle="Keys"
      query={apiKeysQueryOptions()}
      what="keys"
      emptyText="No keys yet: create one above."
    />
  );
}
