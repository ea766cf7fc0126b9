import { useState } from 'react';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useInvalidate } from '../../lib/query';
import { adminMessages } from './messages';
import { CreateUser } from './users/CreateUser';
import { ManageUser } from './users/ManageUser';
import type { StaffUser } from './users/roles';
import { UserFilters, type UserQuery } from './users/UserFilters';
import { UserTable } from './users/UserTable';

const PAGE_SIZE = 20;

/** Staff accounts: who they are, their role, their second factor; add, change, reset. */
export function UsersPage() {
  const t = useMessages(adminMessages);
  const [page, setPage] = useState(1);
  const [query, setQuery] = useState<UserQuery>({});
  const invalidate = useInvalidate();
  const users = $api.useQuery('get', '/api/v1/users', { params: { query: { page, limit: PAGE_SIZE, ...query } } });
  const [managing, setManaging] = useState<StaffUser>();

  return (
    <>
      <h1>{t.users.title}</h1>
      <p>{t.users.intro}</p>
      <CreateUser onCreated={() => void invalidate('/api/v1/users')} />
      <UserFilters
        onApply={(next) => {
          setPage(1);
          setQuery(next);
        }}
      />
      <LoadState loaded={users}>
        {(data) => (
          <>
            <UserTable users={data.items} onManage={setManaging} />
            <Pagination meta={data.meta} onPage={setPage} />
          </>
        )}
      </LoadState>
      {managing && (
        <ManageUser
          key={managing.id}
          user={managing}
          onChanged={(user) => {
            setManaging(user);
            void invalidate('/api/v1/users');
          }}
          onClose={() => setManaging(undefined)}
        />
      )}
    </>
  );
}
