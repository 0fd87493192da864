import { runRoleTable } from '../support/roles.js';
import { notifyRoutes } from './roles/notify.js';

runRoleTable('notifications, days at risk and support', notifyRoutes);
