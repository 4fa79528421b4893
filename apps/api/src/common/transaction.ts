import type { EntityManager } from 'typeorm';

/**
 * An open database transaction. Services pass it from one repository call to the next without knowing
 * it is TypeORM's; only repositories use what is inside.
 */
export type Tx = EntityManager;
