import { checkUrlForm, isNonPublicAddress, resolveReceiver, WebhookAddressRefused } from './webhook-address';

describe('webhook receiver addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '0:0:0:0:0:ffff:7f00:1',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4007::64'])(
    'lets the public address %s through',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  it('takes http(s) URLs without credentials or fragment, and https only when required', () => {
    const open = { allowPrivate: false, httpsOnly: false };
    expect(checkUrlForm('https://hooks.example.org/survey?x=1', open).host).toBe('hooks.example.org');
    expect(checkUrlForm('http://hooks.example.org/', open).protocol).toBe('http:');
    for (const url of [
      'ftp://hooks.example.org/',
      'https://a:b@hooks.example.org/',
      'https://hooks.example.org/#x',
      '/relative',
    ]) {
      expect(() => checkUrlForm(url, open)).toThrow(WebhookAddressRefused);
    }
    expect(() => checkUrlForm('http://hooks.example.org/', { ...open, httpsOnly: true })).toThrow('https');
  });

  it('refuses a literal private address unless allowed, and pins the address it checked', async () => {
    const url = new URL('http://[::1]:8080/hook');
    await expect(resolveReceiver(url, { allowPrivate: false, httpsOnly: false })).rejects.toMatchObject({
      code: 'address-refused',
    });
    await expect(resolveReceiver(url, { allowPrivate: true, httpsOnly: false })).resolves.toEqual({
      address: '::1',
      family: 6,
    });
  });
});
