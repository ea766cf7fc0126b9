import { Layout } from '../components/Layout';
import { OptOutForm } from '../components/OptOutForm';

/** `/r/opt-out#<token>`: the opt-out link of every invitation e-mail. */
export function OptOut({ token }: { token: string | null }) {
  return (
    <Layout switcher="footer" links={{ notice: true, request: true }}>
      <OptOutForm token={token} />
    </Layout>
  );
}
