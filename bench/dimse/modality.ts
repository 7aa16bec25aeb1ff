import { call } from '../lib/load';

interface Modality {
  id: string;
  aeTitle: string;
  host: string | null;
  active: boolean;
}

interface Institution {
  id: string;
  name: string;
}

/**
 * Makes `aeTitle` a registered, active modality of `institution` (by name) through the admin
 * API, as a community admin would (POST /api/v1/admin/modalities): the DIMSE listener accepts
 * associations only from such AE titles. Says what it had to do.
 */
export async function ensureModality(opts: {
  base: string;
  token: string;
  aeTitle: string;
  institution: string;
}): Promise<'already registered' | 'enabled' | 'registered'> {
  const api = (p: string) => `${opts.base}/api/v1/admin${p}`;
  const { token } = opts;
  const listed = await call(api('/modalities'), { token }, [200]);
  const found = (listed.body as { items: Modality[] }).items.find(
    (m) => m.aeTitle === opts.aeTitle,
  );
  if (found) {
    if (found.host !== null && found.host !== '127.0.0.1' && found.host !== '::1')
      throw new Error(
        `${opts.aeTitle} is registered for host ${found.host} only: the benchmark calls from loopback`,
      );
    if (found.active) return 'already registered';
    await call(api(`/modalities/${found.id}/enable`), { method: 'POST', token }, [200]);
    return 'enabled';
  }
  const institutions = (await call(api('/institutions'), { token }, [200])).body as {
    items: Institution[];
  };
  const owner = institutions.items.find((i) => i.name === opts.institution);
  if (!owner)
    throw new Error(
      `no institution named ${opts.institution} in the admin's community (BENCH_INSTITUTION)`,
    );
  await call(
    api('/modalities'),
    {
      method: 'POST',
      token,
      body: { institutionId: owner.id, aeTitle: opts.aeTitle, name: `bench ${opts.aeTitle}` },
    },
    [201],
  );
  return 'registered';
}
