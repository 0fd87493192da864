import { runRoleTable } from '../support/roles.js';
import { operationRoutes, paymentRoutes } from './roles/payments.js';

runRoleTable('payments and operations', [...paymentRoutes, ...operationRoutes]);
