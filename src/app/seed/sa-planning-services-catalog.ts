import type { EngagementTypeInput } from '../programs/create-engagement-type.js';

/**
 * The Software Assurance Planning Services catalog, 2020–21 (program-facts.md §2.1–2.2).
 * Competency names come from the sources; a requirement written "Gold X" needs the Gold level,
 * otherwise Silver or Gold qualifies. Per-engagement lengths and consultant exams were not
 * found in any source ([NF]): the values below are our decision (docs/decisions/005).
 */
export const saPlanningServicesOfferings: {
  code: string;
  name: string;
  competencies: string[];
  retired: boolean;
}[] = [
  {
    code: 'DDPS',
    name: 'Desktop Deployment Planning Services',
    competencies: ['Windows and Devices', 'Enterprise Mobility Management'],
    retired: false,
  },
  {
    code: 'SDPS',
    name: 'SharePoint Deployment Planning Services',
    competencies: ['Collaboration and Content', 'Project and Portfolio Management'],
    retired: false,
  },
  {
    code: 'S-EDPS',
    name: 'Skype for Business and Exchange Deployment Planning Services',
    competencies: ['Messaging', 'Communications'],
    retired: false,
  },
  {
    code: 'PVDPS',
    name: 'Private Cloud, Management and Virtualization Planning Services',
    competencies: ['Datacenter'],
    retired: false,
  },
  {
    code: 'SSDPS',
    name: 'SQL Server Deployment Planning Services',
    competencies: ['Gold Data Analytics', 'Gold Data Platform'],
    retired: false,
  },
  {
    code: 'DYDPS',
    name: 'Dynamics Deployment Planning Services',
    competencies: [
      'Cloud Business Applications',
      'Cloud Customer Relationship Management',
      'Gold Enterprise Resource Planning',
    ],
    retired: false,
  },
  { code: 'AZDPS', name: 'Azure Deployment Planning Services', competencies: ['Cloud Platform'], retired: true },
  {
    code: 'DTDPS',
    name: 'Developer Tools Deployment Planning Services',
    competencies: ['Gold Application Lifecycle Management'],
    retired: true,
  },
];

const allLengths = [1, 3, 5, 10, 15];
const longLengths = [5, 10, 15];

export const saPlanningServicesEngagementTypes: EngagementTypeInput[] = [
  {
    code: 'DDPS-WOD',
    offeringCode: 'DDPS',
    name: 'Windows and Office Deployment Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Windows and Devices'],
    exams: ['MD-100 Windows 10', 'MD-101 Managing Modern Desktops'],
  },
  {
    code: 'DDPS-MPD',
    offeringCode: 'DDPS',
    name: 'Mobile Productivity Deployment Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Enterprise Mobility Management', 'Windows and Devices'],
    exams: ['MD-101 Managing Modern Desktops', 'MS-101 Microsoft 365 Mobility and Security'],
  },
  {
    code: 'DDPS-SEC',
    offeringCode: 'DDPS',
    name: 'Modern IT Enterprise Security Proof of Concept',
    allowedLengths: longLengths,
    cloud: false,
    competencies: ['Enterprise Mobility Management'],
    exams: ['MS-500 Microsoft 365 Security Administration'],
  },
  {
    code: 'DYDPS-CEU',
    offeringCode: 'DYDPS',
    name: 'Upgrading Microsoft Dynamics 365 for Customer Engagement',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Cloud Business Applications', 'Cloud Customer Relationship Management'],
    exams: ['MB-200 Microsoft Power Platform and Dynamics 365 Core'],
  },
  {
    code: 'DYDPS-CEM',
    offeringCode: 'DYDPS',
    name: 'Migrating to Microsoft Dynamics 365 for Customer Engagement',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Cloud Business Applications', 'Cloud Customer Relationship Management'],
    exams: ['MB-200 Microsoft Power Platform and Dynamics 365 Core'],
  },
  {
    code: 'DYDPS-FOU',
    offeringCode: 'DYDPS',
    name: 'Upgrading Microsoft Dynamics 365 for Finance and Operations',
    allowedLengths: longLengths,
    cloud: false,
    competencies: ['Gold Enterprise Resource Planning'],
    exams: ['MB-300 Dynamics 365 Core Finance and Operations'],
  },
  {
    code: 'PVDPS-WSM',
    offeringCode: 'PVDPS',
    name: 'Modernizing Your Windows Server Platform',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Datacenter'],
    exams: ['70-740 Installation, Storage and Compute with Windows Server 2016'],
  },
  {
    code: 'SDPS-SPD',
    offeringCode: 'SDPS',
    name: 'SharePoint Deployment Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Collaboration and Content'],
    exams: ['MS-300 Deploying Microsoft 365 Teamwork'],
  },
  {
    code: 'SDPS-PPM',
    offeringCode: 'SDPS',
    name: 'Project and Portfolio Management (PPM) Solution Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Project and Portfolio Management'],
    exams: ['PL-200 Power Platform Functional Consultant'],
  },
  {
    code: 'SEDPS-EXD',
    offeringCode: 'S-EDPS',
    name: 'Exchange Deployment Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Messaging'],
    exams: ['MS-203 Microsoft 365 Messaging'],
  },
  {
    code: 'SEDPS-SFB',
    offeringCode: 'S-EDPS',
    name: 'Skype for Business Deployment Planning',
    allowedLengths: allLengths,
    cloud: false,
    competencies: ['Communications'],
    exams: ['MS-700 Managing Microsoft Teams'],
  },
  {
    code: 'SSDPS-DEM',
    offeringCode: 'SSDPS',
    name: 'Data Estate Modernization',
    allowedLengths: longLengths,
    cloud: false,
    competencies: ['Gold Data Analytics', 'Gold Data Platform'],
    exams: [
      'DP-300 Administering Relational Databases on Microsoft Azure',
      '70-764 Administering a SQL Database Infrastructure',
    ],
  },
  {
    code: 'AZDPS-ADP',
    offeringCode: 'AZDPS',
    name: 'Azure Deployment Planning',
    allowedLengths: allLengths,
    cloud: true,
    competencies: ['Cloud Platform'],
    exams: ['AZ-104 Microsoft Azure Administrator'],
  },
];

export const saPlanningServicesAgreement = {
  version: '2020-02',
  text:
    'Software Assurance Planning Services program agreement (version 2020-02).\n\n' +
    '1. The partner delivers Planning Services engagements only within the scope of the offering and engagement type of each voucher.\n' +
    '2. The partner reserves, redeems and requests payment under the location in the country where the engagement is delivered.\n' +
    '3. The partner charges the customer no additional fee for the planning work; all costs of the planning portion, including travel, are covered by the voucher.\n' +
    '4. Each engagement ends with a completion report and the customer planning deliverable.\n' +
    '5. Payment requests are submitted within the payment window after redemption.',
};

/** Demo rate card: the real day rates were not found ([NF]); these are for evaluation only. */
export const demoRates: { country: string; amountMinor: number; currency: string }[] = [
  { country: 'US', amountMinor: 100_000, currency: 'USD' },
  { country: 'CA', amountMinor: 120_000, currency: 'CAD' },
  { country: 'GB', amountMinor: 80_000, currency: 'GBP' },
  { country: 'FR', amountMinor: 90_000, currency: 'EUR' },
  { country: 'DE', amountMinor: 90_000, currency: 'EUR' },
  { country: 'NZ', amountMinor: 140_000, currency: 'NZD' },
];
