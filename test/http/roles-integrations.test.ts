import { runRoleTable } from '../support/roles.js';
import { integrationRoutes } from './roles/integrations.js';

runRoleTable('integrations', integrationRoutes);
