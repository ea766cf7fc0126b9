import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaffRole } from '../src/auth/roles';
import { UsersService } from '../src/users/users.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { freePort } from './utils/ports';

const CLIENT_ID = 'survey-platform';
const CLIENT_SECRET = 'a client secret long enough for HS256 and tests';

interface Accounts {
  current: string;
  amr?: string[];
  accounts: Record<string, { email: string; email_verified: boolean; name: string; groups: string[] }>;
}

/** A browser's cookies, per host, just enough to follow the redirects of one sign-in. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    }
    this.jar.set(host, cookies);
    return response;
  }

  /** Follows redirects from `url` until one leaves for `stopAt` (or none is left); returns the last answer. */
  async follow(url: string, stopAt?: string): Promise<{ response: Response; url: string }> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.go(current);
      const location = response.headers.get('location');
      if (!location || response.status < 300 || response.status >= 400) return { response, url: current };
      const next = new URL(location, current).toString();
      if (stopAt && next.startsWith(stopAt)) return { response, url: next };
      current = next;
    }
    throw new Error('too many redirects');
  }
}

describe('staff single sign-on against a real OpenID Connect provider', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let provider: ChildProcess;
  let apiOrigin: string;
  let accountsFile: string;
  let issuer: string;

  const writeAccounts = (accounts: Accounts) => writeFileSync(accountsFile, JSON.stringify(accounts));

  beforeAll(async () => {
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    apiOrigin = `http://127.0.0.1:${apiPort}`;
    accountsFile = join(mkdtempSync(join(tmpdir(), 'oidc-')), 'accounts.json');
    writeAccounts({ current: 'none', accounts: {} });
    provider = spawn(process.execPath, [join(__dirname, 'utils/oidc-provider.mjs')], {
      env: {
        ...process.env,
        PORT: String(providerPort),
        ACCOUNTS_FILE: accountsFile,
        CLIENT_ID,
        CLIENT_SECRET,
        REDIRECT_URI: `${apiOrigin}/api/v1/auth/oidc/callback`,
        BACKCHANNEL_LOGOUT_URI: `${apiOrigin}/api/v1/auth/oidc/backchannel-logout`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      provider.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      provider.on('exit', (code) => reject(new Error(`provider exited ${code}`)));
    });
    issuer = `http://127.0.0.1:${providerPort}`;
    db = await createTestDatabase();
    subject = await createTestApp({
      databaseUrl: db.url,
      env: {
        PUBLIC_URL: apiOrigin,
        OIDC_ISSUER_URL: `http://127.0.0.1:${providerPort}`,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_ROLE_MAP: 'cx-admins=admin,cx-analysts=analyst,cx-management=management',
        OIDC_DISPLAY_NAME: 'Example IdP',
        OIDC_PASSWORD_LOGIN: 'false',
      },
    });
    const server = subject.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(apiPort, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
    provider?.kill();
  });

  /** Signs in through the provider as the file's current person; returns the API's tokens, or where it sent the browser. */
  async function signIn(
    browser = new Browser(),
  ): Promise<{ landing: string; accessToken?: string; refreshToken?: string }> {
    const { url } = await browser.follow(
      `${apiOrigin}/api/v1/auth/oidc/login`,
      `${apiOrigin}/api/v1/auth/oidc/callback`,
    );
    const callback = await browser.go(url);
    const landing = callback.headers.get('location') ?? '';
    if (landing !== '/?sso=done') return { landing };
    const picked = await browser.go(`${apiOrigin}/api/v1/auth/oidc/session`, { method: 'POST' });
    const tokens = (await picked.json()) as { accessToken: string; refreshToken: string };
    return { landing, ...tokens };
  }

  const me = (token: string) => fetch(`${apiOrigin}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('says single sign-on is on, with the provider name for the button', async () => {
    const answer = await fetch(`${apiOrigin}/api/v1/auth/oidc`);
    expect(await answer.json()).toEqual({ enabled: true, displayName: 'Example IdP' });
  });

  it('creates the account with the mapped role at first sign-in, and a changed group changes the role and ends old sessions', async () => {
    writeAccounts({
      current: 'alice-sub',
      accounts: {
        'alice-sub': { email: 'Alice@Example.org', email_verified: true, name: 'Alice', groups: ['cx-analysts'] },
      },
    });
    const first = await signIn();
    expect(first.landing).toBe('/?sso=done');
    const answer = await me(first.accessToken!);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email: 'alice@example.org', role: StaffRole.Analyst });

    writeAccounts({
      current: 'alice-sub',
      accounts: {
        'alice-sub': { email: 'alice@example.org', email_verified: true, name: 'Alice', groups: ['cx-management'] },
      },
    });
    const second = await signIn();
    expect((await (await me(second.accessToken!)).json()).role).toBe(StaffRole.Management);
    expect((await me(first.accessToken!)).status).toBe(401);
  });

  it('deactivates the account when its groups no longer map to a role, and refuses the sign-in', async () => {
    writeAccounts({
      current: 'bob-sub',
      accounts: { 'bob-sub': { email: 'bob@example.org', email_verified: true, name: 'Bob', groups: ['cx-analysts'] } },
    });
    const first = await signIn();
    writeAccounts({
      current: 'bob-sub',
      accounts: { 'bob-sub': { email: 'bob@example.org', email_verified: true, name: 'Bob', groups: ['elsewhere'] } },
    });
    expect((await signIn()).landing).toBe('/?sso=refused');
    expect((await me(first.accessToken!)).status).toBe(401);
    const bob = await subject.app.get(UsersService).findByEmail('bob@example.org');
    expect(bob?.active).toBe(false);
  });

  it('spares an administrator the local code when the provider asserts a second factor, and asks for it otherwise', async () => {
    const accounts = {
      'carol-sub': { email: 'carol@example.org', email_verified: true, name: 'Carol', groups: ['cx-admins'] },
    };
    writeAccounts({ current: 'carol-sub', amr: ['pwd', 'otp'], accounts });
    const withMfa = await signIn();
    expect((await (await me(withMfa.accessToken!)).json()).mfaEnrolmentPending).toBe(false);
    writeAccounts({ current: 'carol-sub', amr: ['pwd'], accounts });
    const without = await signIn();
    expect((await (await me(without.accessToken!)).json()).mfaEnrolmentPending).toBe(true);
  });

  it('refuses a password login to an account that signs in through the provider, even with the right password', async () => {
    const users = subject.app.get(UsersService);
    const alice = (await users.findByEmail('alice@example.org'))!;
    await users.setPassword(alice.id, alice.id, 'a password alice knows');
    const login = (email: string) =>
      fetch(`${apiOrigin}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'a password alice knows' }),
      });
    expect((await login('alice@example.org')).status).toBe(401);
  });

  it('refuses a callback whose state does not match the sign-in that started it', async () => {
    const browser = new Browser();
    const { url } = await browser.follow(
      `${apiOrigin}/api/v1/auth/oidc/login`,
      `${apiOrigin}/api/v1/auth/oidc/callback`,
    );
    const tampered = new URL(url);
    tampered.searchParams.set('state', 'another-state');
    const callback = await browser.go(tampered.toString());
    expect(callback.headers.get('location')).toBe('/?sso=refused');
  });

  it('refuses a back-channel logout token that is not signed by the provider', async () => {
    const answer = await fetch(`${apiOrigin}/api/v1/auth/oidc/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZS1zdWIifQ.',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('ends the session when the person logs out at the provider (back-channel logout)', async () => {
    writeAccounts({
      current: 'dan-sub',
      accounts: { 'dan-sub': { email: 'dan@example.org', email_verified: true, name: 'Dan', groups: ['cx-analysts'] } },
    });
    const browser = new Browser();
    const signedIn = await signIn(browser);
    expect((await me(signedIn.accessToken!)).status).toBe(200);
    const form = await (await browser.go(`${issuer}/session/end`)).text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1];
    await browser.go(`${issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `xsrf=${encodeURIComponent(xsrf)}&logout=yes`,
    });
    expect((await me(signedIn.accessToken!)).status).toBe(401);
  });

  it('refuses a callback whose signed sign-in cookie was altered', async () => {
    const browser = new Browser();
    const { url } = await browser.follow(
      `${apiOrigin}/api/v1/auth/oidc/login`,
      `${apiOrigin}/api/v1/auth/oidc/callback`,
    );
    const callback = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: 'survey_oidc_tx=eyJzdGF0ZSI6IngifQ.forged' },
    });
    expect(callback.headers.get('location')).toBe('/?sso=refused');
  });
});
