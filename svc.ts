import { startPostgres, startRedis } from './tests/fixtures/services';
import pg from 'pg';
const p = await startPostgres(); console.log(p.url);
const c = new pg.Client(p.url); await c.connect(); console.log((await c.query('select version()')).rows[0].version.slice(0, 30)); await c.end();
await p.stop();
const r = await startRedis(); console.log(r.url); await r.stop(); console.log('done');
