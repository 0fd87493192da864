import { runRoleTable } from '../support/roles.js';
import { partnerRoutes } from './roles/partners.js';

runRoleTable('partners', partnerRoutes);
