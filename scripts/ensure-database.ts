import { Client } from 'pg';
import { databaseNameOf, loadConfig } from '@app/shared';

/** Creates the database named in DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`Database name "${name}" must be lowercase letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  const url = loadConfig().DATABASE_URL;
  ensureDatabase(url)
    .then((created) =>
      console.log(
        created
          ? `created database ${databaseNameOf(url)}`
          : `database ${databaseNameOf(url)} exists`,
      ),
    )
    .catch((error) => {
      console.error('cannot prepare the database:', error.message);
      process.exit(1);
    });
}
