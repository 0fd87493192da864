/**
 * The sentences of notices and reminders in English and French, in the program's words
 * (glossary.md: voucher = bon, redeem = échanger, payment request = demande de paiement, …).
 */
import type { Language } from './notice-format.js';

const inDays = (n: number): string => (n === 1 ? 'in 1 day' : `in ${n} days`);
const dansJours = (n: number): string => (n === 1 ? 'dans 1 jour' : `dans ${n} jours`);

const en = {
  code: 'Voucher code',
  engagement: 'Engagement',
  days: 'Days',
  daysLeft: 'Days left',
  agreement: 'Agreement (licensing ID)',
  benefitAdminEmail: 'Benefit administrator e-mail',
  reserveBy: 'Reserve by',
  redeemBy: 'Redeem by',
  deadline: 'Deadline',
  deliveryCountry: 'Delivery country',
  reference: 'Reference',
  total: 'Total',
  reason: 'Reason',
  paymentReference: 'Payment reference',
  offering: 'Offering',
  vouchers: 'Vouchers',
  openVoucher: 'Open the voucher',
  openVouchers: 'Open your vouchers',
  openReport: 'Open the completion report',
  openAgreement: 'Open the agreement',
  openPaymentRequest: 'Open the payment request',
  openEnrollments: 'Renew the enrolment',
  openServiceRequest: 'Open the service request',
  requestPayment: 'Request payment',
  aPartner: 'A partner',
  greeting: (name: string) => `Hello ${name},`,
  assignedSubject: (code: string) => `Planning Services voucher ${code} assigned to you`,
  assignedTitle: (code: string) => `Voucher ${code} assigned to you`,
  assignedBody: (code: string, engagement: string, days: string) =>
    `A Planning Services voucher has been assigned to you: ${code}, for ${engagement} (${days}).`,
  assignedForward: (email: string) =>
    `Forward the code to the partner of your choice: to reserve the voucher they need the code and your benefit administrator's e-mail address, ${email}.`,
  reservedSubject: (code: string, partner: string) => `Voucher ${code} reserved by ${partner}`,
  reservedTitle: (code: string) => `Voucher ${code} reserved`,
  reservedBody: (partner: string, code: string, from: string, to: string) =>
    `${partner} reserved the voucher ${code}; the engagement is planned from ${from} to ${to}.`,
  releasedSubject: (code: string) => `Reservation of voucher ${code} released`,
  releasedTitle: (code: string) => `Voucher ${code} released`,
  releasedBody: (partner: string, code: string) =>
    `${partner} released its reservation of the voucher ${code}. The voucher is assigned again and can be given to another partner; its expiry is unchanged.`,
  completedSubject: (code: string) => `Completion report filed for voucher ${code}`,
  completedTitle: (code: string) => `Voucher ${code} completed`,
  completedBody: (partner: string, code: string) =>
    `${partner} filed the completion report and the planning deliverable for the voucher ${code}.`,
  redeemedSubject: (code: string) => `Voucher ${code} redeemed`,
  redeemedTitle: (code: string) => `Voucher ${code} redeemed`,
  redeemedBody: (partner: string, code: string, days: string) => `${partner} redeemed the voucher ${code} (${days}).`,
  expiredSubject: (code: string) => `Voucher ${code} expired`,
  expiredTitle: (code: string) => `Voucher ${code} expired`,
  expiredBody: (code: string, on: string) =>
    `The voucher ${code} expired on ${on} without being redeemed (voucher expiry).`,
  expiredDays: (returned: string, forfeited: string) =>
    `Returned to the agreement: ${returned}. Forfeited: ${forfeited}.`,
  submittedSubject: (reference: string, partner: string) => `Payment request ${reference} from ${partner} to review`,
  submittedBody: (partner: string, reference: string, count: number, total: string) =>
    `${partner} submitted the payment request ${reference} for ${count === 1 ? '1 voucher' : `${count} vouchers`}, ${total}.`,
  approvedSubject: (reference: string) => `Payment request ${reference} approved`,
  approvedBody: (reference: string, total: string) =>
    `Your payment request ${reference} (${total}) was approved; payment follows.`,
  deniedSubject: (reference: string) => `Payment request ${reference} denied`,
  deniedBody: (reference: string, reason: string) => `Your payment request ${reference} was denied: ${reason}.`,
  deniedAgain: 'Its vouchers may go into a new payment request within their payment windows.',
  paidSubject: (reference: string) => `Payment request ${reference} paid`,
  paidBody: (reference: string, total: string, on: string) =>
    `Your payment request ${reference} (${total}) was paid on ${on}.`,
  denialReasons: {
    missing_deliverable: 'missing deliverable',
    wrong_country: 'wrong delivery country',
    length_limit: 'engagement length limit',
    partner_not_eligible: 'partner not eligible',
    other: 'other reason',
  } as Record<string, string>,
  expiryReminderSubject: (code: string, offset: number) => `Voucher ${code} expires ${inDays(offset)}`,
  expiryReminderBody: (code: string, offset: number, on: string) =>
    `The voucher ${code} expires ${inDays(offset)}: ${on} is its last day (voucher expiry).`,
  expiryReminderCustomer:
    'If no partner delivers and redeems it by then, its days return to the agreement only while the agreement is active and its remaining days have not been removed.',
  expiryReminderPartner: 'Complete the engagement and redeem the voucher before then, or it cannot be paid.',
  paymentWindowSubject: (code: string, offset: number) => `Request payment for voucher ${code} ${inDays(offset)}`,
  paymentWindowBody: (code: string, offset: number, on: string) =>
    `The payment window of the redeemed voucher ${code} closes ${inDays(offset)}: ${on} is the last day to submit its payment request (60 days after redemption).`,
  lastVoucherSubject: (offset: number, days: string) =>
    `${days} left: the last day to create vouchers is ${inDays(offset)}`,
  lastVoucherTitle: (licensingId: string) => `Last voucher day approaching (${licensingId})`,
  lastVoucherBody: (licensingId: string, days: string, on: string) =>
    `The agreement ${licensingId} still has ${days}. ${on} is the last day to create and assign vouchers (last voucher day).`,
  removalSubject: (offset: number, days: string) => `${days} will be removed ${inDays(offset)}`,
  removalTitle: (licensingId: string) => `Remaining days to be removed (${licensingId})`,
  removalBody: (licensingId: string, days: string, on: string) =>
    `The agreement ${licensingId} still has ${days}. On ${on} every remaining planning day is removed (retirement).`,
  lastRedemptionSubject: (offset: number) => `The last day to redeem vouchers is ${inDays(offset)}`,
  lastRedemptionBody: (count: number, on: string) =>
    `You hold ${count === 1 ? '1 reserved or completed voucher' : `${count} reserved or completed vouchers`}. ${on} is the last day to redeem vouchers (last redemption day).`,
  enrollmentSubject: (offering: string, offset: number) => `Your ${offering} enrolment ends ${inDays(offset)}`,
  enrollmentBody: (offering: string, on: string) =>
    `Your enrolment in ${offering} ends after ${on}. Renew it to keep reserving vouchers of this offering.`,
  answeredSubject: (reference: string) => `Reply to your service request ${reference}`,
  answeredBody: (reference: string, subject: string) =>
    `Program operations replied to your service request ${reference} ("${subject}"):`,
  footerNotice: 'You receive this e-mail because of a change to a voucher or payment request you take part in.',
  footerReminder: 'You receive this reminder because a deadline approaches.',
  unsubscribe: 'Turn reminder e-mails off',
};

export type Words = typeof en;

const fr: Words = {
  code: 'Code du bon',
  engagement: 'Engagement',
  days: 'Jours',
  daysLeft: 'Jours restants',
  agreement: 'Contrat (ID de licence)',
  benefitAdminEmail: "E-mail de l'administrateur des avantages",
  reserveBy: 'Réservation au plus tard',
  redeemBy: 'Échange au plus tard',
  deadline: 'Échéance',
  deliveryCountry: 'Pays de prestation',
  reference: 'Référence',
  total: 'Total',
  reason: 'Motif',
  paymentReference: 'Référence du paiement',
  offering: 'Offre',
  vouchers: 'Bons',
  openVoucher: 'Ouvrir le bon',
  openVouchers: 'Ouvrir vos bons',
  openReport: "Ouvrir le rapport d'achèvement",
  openAgreement: 'Ouvrir le contrat',
  openPaymentRequest: 'Ouvrir la demande de paiement',
  openEnrollments: "Renouveler l'inscription",
  openServiceRequest: 'Ouvrir la demande de service',
  requestPayment: 'Demander le paiement',
  aPartner: 'Un partenaire',
  greeting: (name) => `Bonjour ${name},`,
  assignedSubject: (code) => `Bon de services de planification ${code} qui vous est attribué`,
  assignedTitle: (code) => `Bon ${code} attribué`,
  assignedBody: (code, engagement, days) =>
    `Un bon de services de planification vous a été attribué : ${code}, pour ${engagement} (${days}).`,
  assignedForward: (email) =>
    `Transmettez le code au partenaire de votre choix : pour réserver le bon, il lui faut le code et l'adresse e-mail de votre administrateur des avantages, ${email}.`,
  reservedSubject: (code, partner) => `Bon ${code} réservé par ${partner}`,
  reservedTitle: (code) => `Bon ${code} réservé`,
  reservedBody: (partner, code, from, to) =>
    `${partner} a réservé le bon ${code} ; l'engagement est prévu du ${from} au ${to}.`,
  releasedSubject: (code) => `Réservation du bon ${code} annulée`,
  releasedTitle: (code) => `Réservation du bon ${code} annulée`,
  releasedBody: (partner, code) =>
    `${partner} a annulé sa réservation du bon ${code}. Le bon est de nouveau attribué et peut être confié à un autre partenaire ; son expiration ne change pas.`,
  completedSubject: (code) => `Rapport d'achèvement déposé pour le bon ${code}`,
  completedTitle: (code) => `Bon ${code} achevé`,
  completedBody: (partner, code) =>
    `${partner} a déposé le rapport d'achèvement et le livrable de planification du bon ${code}.`,
  redeemedSubject: (code) => `Bon ${code} échangé`,
  redeemedTitle: (code) => `Bon ${code} échangé`,
  redeemedBody: (partner, code, days) => `${partner} a échangé le bon ${code} (${days}).`,
  expiredSubject: (code) => `Bon ${code} expiré`,
  expiredTitle: (code) => `Bon ${code} expiré`,
  expiredBody: (code, on) => `Le bon ${code} a expiré le ${on} sans avoir été échangé (expiration du bon).`,
  expiredDays: (returned, forfeited) => `Rendus au contrat : ${returned}. Perdus : ${forfeited}.`,
  submittedSubject: (reference, partner) => `Demande de paiement ${reference} de ${partner} à examiner`,
  submittedBody: (partner, reference, count, total) =>
    `${partner} a soumis la demande de paiement ${reference} pour ${count === 1 ? '1 bon' : `${count} bons`}, ${total}.`,
  approvedSubject: (reference) => `Demande de paiement ${reference} approuvée`,
  approvedBody: (reference, total) =>
    `Votre demande de paiement ${reference} (${total}) a été approuvée ; le paiement suit.`,
  deniedSubject: (reference) => `Demande de paiement ${reference} refusée`,
  deniedBody: (reference, reason) => `Votre demande de paiement ${reference} a été refusée : ${reason}.`,
  deniedAgain: 'Ses bons peuvent figurer dans une nouvelle demande de paiement dans leur délai de paiement.',
  paidSubject: (reference) => `Demande de paiement ${reference} payée`,
  paidBody: (reference, total, on) => `Votre demande de paiement ${reference} (${total}) a été payée le ${on}.`,
  denialReasons: {
    missing_deliverable: 'livrable manquant',
    wrong_country: 'pays de prestation erroné',
    length_limit: "limite de durée de l'engagement",
    partner_not_eligible: 'partenaire non éligible',
    other: 'autre motif',
  },
  expiryReminderSubject: (code, offset) => `Le bon ${code} expire ${dansJours(offset)}`,
  expiryReminderBody: (code, offset, on) =>
    `Le bon ${code} expire ${dansJours(offset)} : le ${on} est son dernier jour (expiration du bon).`,
  expiryReminderCustomer:
    "Si aucun partenaire ne le réalise et ne l'échange d'ici là, ses jours ne reviennent au contrat que si le contrat est actif et que ses jours restants n'ont pas été supprimés.",
  expiryReminderPartner: "Achevez l'engagement et échangez le bon avant cette date, sinon il ne pourra pas être payé.",
  paymentWindowSubject: (code, offset) => `Demandez le paiement du bon ${code} ${dansJours(offset)}`,
  paymentWindowBody: (code, offset, on) =>
    `Le délai de paiement du bon échangé ${code} se termine ${dansJours(offset)} : le ${on} est le dernier jour pour soumettre sa demande de paiement (60 jours après l'échange).`,
  lastVoucherSubject: (offset, days) =>
    `${days} restants : le dernier jour pour créer des bons est ${dansJours(offset)}`,
  lastVoucherTitle: (licensingId) => `Dernier jour pour créer des bons bientôt (${licensingId})`,
  lastVoucherBody: (licensingId, days, on) =>
    `Le contrat ${licensingId} a encore ${days}. Le ${on} est le dernier jour pour créer et attribuer des bons.`,
  removalSubject: (offset, days) => `${days} seront supprimés ${dansJours(offset)}`,
  removalTitle: (licensingId) => `Jours restants bientôt supprimés (${licensingId})`,
  removalBody: (licensingId, days, on) =>
    `Le contrat ${licensingId} a encore ${days}. Le ${on}, tous les jours de service de planification restants sont supprimés (mise hors service).`,
  lastRedemptionSubject: (offset) => `Le dernier jour pour échanger des bons est ${dansJours(offset)}`,
  lastRedemptionBody: (count, on) =>
    `Vous détenez ${count === 1 ? '1 bon réservé ou achevé' : `${count} bons réservés ou achevés`}. Le ${on} est le dernier jour pour échanger des bons.`,
  enrollmentSubject: (offering, offset) => `Votre inscription à ${offering} se termine ${dansJours(offset)}`,
  enrollmentBody: (offering, on) =>
    `Votre inscription à ${offering} se termine après le ${on}. Renouvelez-la pour continuer à réserver des bons de cette offre.`,
  answeredSubject: (reference) => `Réponse à votre demande de service ${reference}`,
  answeredBody: (reference, subject) =>
    `Les opérations du programme ont répondu à votre demande de service ${reference} (« ${subject} ») :`,
  footerNotice:
    'Vous recevez cet e-mail à la suite d’un changement sur un bon ou une demande de paiement qui vous concerne.',
  footerReminder: 'Vous recevez ce rappel parce qu’une échéance approche.',
  unsubscribe: 'Désactiver les e-mails de rappel',
};

export const ruleNames = {
  en: {
    voucher_expiry: 'voucher expiry',
    last_redemption_day: 'last redemption day',
    cloud_retirement: 'cloud engagement retirement',
    payment_window: 'payment window after redemption',
    last_voucher_day: 'last voucher day',
    days_removal: 'removal of remaining days',
    enrollment: 'enrolment end',
  },
  fr: {
    voucher_expiry: 'expiration du bon',
    last_redemption_day: 'dernier jour pour échanger',
    cloud_retirement: 'mise hors service des engagements cloud',
    payment_window: "délai de paiement après l'échange",
    last_voucher_day: 'dernier jour pour créer des bons',
    days_removal: 'suppression des jours restants',
    enrollment: "fin de l'inscription",
  },
} as const satisfies Record<Language, Record<string, string>>;

export function t(language: Language): Words {
  return language === 'fr' ? fr : en;
}
