import type { adminTexts as fr } from '../fr/admin.ts';
import type { Widen } from '../fr.ts';

export const adminTexts: Widen<typeof fr> = {
  admin: {
    dashboardNav: 'Dashboard',
    dossiersTitle: 'All cases',
    role: 'Role',
    status: 'Status',
    searchUsers: 'Name, e-mail, company…',
    name: 'Name',
    noDossiers: 'No case matches these criteria.',
    assign: 'Assign an expert',
    reassign: 'Reassign',
  },
};
