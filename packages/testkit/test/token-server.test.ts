import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestRegistry, TokenServer } from '../src/index.ts';

// The token server, checked with plain fetch against the real registry (no airlock client involved).

describe('TokenServer', () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  beforeAll(async () => {
    tokens = await TokenServer.start({ users: { alice: 'wonderland' }, readOnly: [] });
    registry = await TestRegistry.start({ token: tokens.registryOptions });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  const token = async (scope: string, credentials?: string) => {
    const url = `${tokens.realm}?service=${encodeURIComponent(tokens.service)}&scope=${encodeURIComponent(scope)}`;
    const headers: Record<string, string> = credentials
      ? { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
      : {};
    return fetch(url, { headers });
  };

  it('issues tokens the registry accepts, scoped to what was asked', async () => {
    const challenge = await fetch(registry.url('/v2/app/tags/list'));
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toContain(`realm="${tokens.realm}"`);

    const answer = await token('repository:app:pull', 'alice:wonderland');
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { token: string; expires_in: number };
    expect(body.expires_in).toBe(300);
    const [header, payload] = body.token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.x5c).toHaveLength(1);
    expect(payload.access).toEqual([{ type: 'repository', name: 'app', actions: ['pull'] }]);

    const listed = await fetch(registry.url('/v2/app/tags/list'), {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(listed.status).toBe(404); // authorized; the repository just does not exist yet
    const upload = await fetch(registry.url('/v2/app/blobs/uploads/'), {
      method: 'POST',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(upload.status).toBe(401); // a pull token does not allow a push
    expect(tokens.requests.at(-1)).toMatchObject({
      user: 'alice',
      scopes: ['repository:app:pull'],
      status: 200,
    });
  });

  it('refuses a wrong password and grants nothing to anonymous requests by default', async () => {
    expect((await token('repository:app:pull', 'alice:wrong')).status).toBe(401);
    const anonymous = (await (await token('repository:app:pull')).json()) as { token: string };
    const payload = JSON.parse(Buffer.from(anonymous.token.split('.')[1]!, 'base64url').toString());
    expect(payload.access).toEqual([]);
  });
});
