// A real OpenID Connect provider (the maintained `oidc-provider` package) on loopback, for the
// single sign-on tests. It runs in its own process because the package is ESM-only. Who signs in
// is read at each login from the JSON file given as ACCOUNTS_FILE: { current, accounts: { sub: claims } },
// so a test changes a person's groups by rewriting the file. Prints the issuer URL when ready.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accountsFile = process.env.ACCOUNTS_FILE;
const read = () => JSON.parse(readFileSync(accountsFile, 'utf8'));

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      backchannel_logout_uri: process.env.BACKCHANNEL_LOGOUT_URI,
      backchannel_logout_session_required: true,
    },
  ],
  conformIdTokenClaims: false,
  claims: { openid: ['sub', 'groups', 'amr', 'acr'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true } },
  pkce: { required: () => true, methods: ['S256'] },
  async findAccount(_ctx, sub) {
    const claims = read().accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;

// The person in `current` signs in at once, consenting to what the client asks.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { current, accounts, amr, acr } = read();
  if (!accounts[current]) throw new Error('no current account');
  const grant = new provider.Grant({ accountId: current, clientId: details.params.client_id });
  grant.addOIDCScope('openid email profile');
  const grantId = await grant.save();
  const login = { accountId: current, ...(amr ? { amr } : {}), ...(acr ? { acr } : {}) };
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  ctx.respond = false;
});

provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
