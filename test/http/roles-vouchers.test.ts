import { runRoleTable } from '../support/roles.js';
import { agreementRoutes, fileRoutes, voucherRoutes } from './roles/vouchers.js';

runRoleTable('agreements, vouchers and files', [...agreementRoutes, ...voucherRoutes, ...fileRoutes]);
