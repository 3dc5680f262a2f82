/*
 * errpage.c - the table of error pages (see errpage.h).
 *
 * The French texts are the message ids of the catalogues (N_: translated
 * when read); the English ones serve pages whose language is English.
 */
#include <stddef.h>

#include "errpage.h"
#include "i18n.h"

static const struct errpage_info table[ERR_COUNT] = {
	[ERR_UNAVAILABLE] = { 503, N_("Service indisponible"),
	    N_("Le service est momentanément indisponible. Réessayez dans un "
	    "instant."), "Service unavailable", "The service is unavailable "
	    "for a moment. Try again shortly.", 0 },
	[ERR_STOPPING] = { 503, N_("Service en cours d'arrêt"),
	    N_("Réessayez dans un instant."), "Service stopping",
	    "Try again shortly.", 0 },
	[ERR_URI_TOO_LONG] = { 414, N_("Adresse trop longue"),
	    N_("Cette adresse est trop longue. Vérifiez le lien ou saisissez "
	    "le code de la rencontre."), "Address too long", "This address is "
	    "too long. Check the link or type the meeting's code.", 1 },
	[ERR_TIMEOUT] = { 408, N_("Délai dépassé"),
	    N_("La demande est arrivée trop lentement. Rechargez la page."),
	    "Too slow", "The request arrived too slowly. Reload the page.", 0 },
	[ERR_NOT_ALLOWED] = { 405, N_("Méthode non permise"),
	    N_("Cette adresse ne s'utilise pas ainsi."), "Method not allowed",
	    "This address is not used that way.", 0 },

	[ERR_NOT_FOUND] = { 404, N_("Page introuvable"),
	    N_("Cette adresse ne correspond à aucune page. Pour donner votre "
	    "avis, saisissez le code de la rencontre."), "Page not found",
	    "This address matches no page. To give your opinion, type the "
	    "meeting's code.", 1 },
	[ERR_MEETING_UNKNOWN] = { 404, N_("Rencontre introuvable"),
	    N_("Ce code ne correspond à aucune rencontre. Vérifiez le code "
	    "affiché dans la salle."), "Meeting not found", "This code matches "
	    "no meeting. Check the code shown in the room.", 1 },
	[ERR_MEETING_CLOSED] = { 410, N_("Cette rencontre est close"),
	    N_("Merci de votre intérêt : le recueil des avis pour cette "
	    "rencontre est terminé."), "This meeting is closed", "Thank you "
	    "for your interest: feedback for this meeting is over.", 0 },
	[ERR_FORM_UNAVAILABLE] = { 503, N_("Questionnaire indisponible"),
	    N_("Le questionnaire de cette rencontre n'est pas disponible pour "
	    "le moment. Prévenez l'équipe du centre."), "Questionnaire "
	    "unavailable", "This meeting's questionnaire is not available for "
	    "now. Tell the centre's team.", 0 },
	[ERR_ANSWERS_NOT_FORM] = { 415, N_("Envoi incompréhensible"),
	    N_("Les réponses doivent être envoyées par le formulaire."),
	    "Unreadable answers", "Answers must be sent with the form.", 0 },
	[ERR_ANSWERS_TOO_LARGE] = { 413, N_("Réponses trop longues"),
	    N_("Vos réponses sont trop longues pour être enregistrées. "
	    "Raccourcissez-les."), "Answers too long", "Your answers are too "
	    "long to be stored. Shorten them.", 0 },
	[ERR_ANSWER_TOO_LONG] = { 413, N_("Réponse trop longue"),
	    N_("Une de vos réponses est trop longue. Raccourcissez-la."),
	    "Answer too long", "One of your answers is too long. Shorten it.",
	    0 },
	[ERR_ANSWERS_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Les réponses reçues sont mal formées. Rechargez le "
	    "questionnaire."), "Unreadable answers", "The answers received are "
	    "malformed. Reload the questionnaire.", 0 },
	[ERR_TOKEN_STALE] = { 410, N_("Questionnaire expiré"),
	    N_("Ce questionnaire n'est plus valable. Rechargez la page pour "
	    "obtenir un questionnaire neuf."), "Questionnaire expired",
	    "This questionnaire is no longer valid. Reload the page to get a "
	    "fresh one.", 0 },
	[ERR_TOKEN_BAD] = { 400, N_("Questionnaire non reconnu"),
	    N_("Ce questionnaire n'est plus valable. Rechargez la page pour "
	    "obtenir un questionnaire neuf."), "Questionnaire not recognised",
	    "This questionnaire is no longer valid. Reload the page to get a "
	    "fresh one.", 0 },
	[ERR_NOT_STORED] = { 503, N_("Réponses non enregistrées"),
	    N_("Un problème technique a empêché l'enregistrement. Revenez en "
	    "arrière et envoyez à nouveau vos réponses : rien ne sera compté "
	    "deux fois."), "Answers not stored", "A technical problem "
	    "prevented storing them. Go back and send your answers again: "
	    "nothing will be counted twice.", 0 },

	[ERR_STAFF_NOT_FOUND] = { 404, N_("Page introuvable"),
	    N_("Cette adresse ne correspond à aucune page de l'équipe."),
	    "Page not found", "This address matches no staff page.", 0 },
	[ERR_FORBIDDEN] = { 403, N_("Accès refusé"),
	    N_("Votre compte ne donne pas accès à cette page. Demandez à la "
	    "coordination du centre."), "Access denied", "Your account does "
	    "not give access to this page. Ask the centre's coordination.", 0 },
	[ERR_CSRF] = { 403, N_("Formulaire expiré"),
	    N_("Ce formulaire n'est plus valable (la session a changé). "
	    "Revenez à la page, rechargez-la et recommencez : rien n'a été "
	    "modifié."), "Form expired", "This form is no longer valid (the "
	    "session changed). Go back, reload the page and start again: "
	    "nothing was changed.", 0 },
	[ERR_POST_NOT_FORM] = { 415, N_("Envoi incompréhensible"),
	    N_("Ce formulaire doit être envoyé depuis la page."),
	    "Unreadable request", "This form must be sent from its page.", 0 },
	[ERR_POST_TOO_LARGE] = { 413, N_("Envoi trop long"),
	    N_("Les données envoyées sont trop longues."), "Request too long",
	    "The data sent is too long.", 0 },
	[ERR_POST_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Les données reçues sont mal formées. Rechargez la page."),
	    "Unreadable request", "The data received is malformed. Reload the "
	    "page.", 0 },
	[ERR_UPLOAD_TOO_LARGE] = { 413, N_("Fichier trop gros"),
	    N_("Ce fichier dépasse la taille permise."), "File too large",
	    "This file is larger than allowed.", 0 },
	[ERR_UPLOAD_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Le fichier reçu est mal formé. Rechargez la page et "
	    "recommencez."), "Unreadable upload", "The file received is "
	    "malformed. Reload the page and start again.", 0 },
	[ERR_STAFF_MEETING_UNKNOWN] = { 404, N_("Rencontre introuvable"),
	    N_("Aucune rencontre n'a ce code."), "Meeting not found",
	    "No meeting has this code.", 0 },
	[ERR_QR_TOO_LONG] = { 500, N_("QR code impossible"),
	    N_("L'adresse est trop longue pour un QR code."), "No QR code",
	    "The address is too long for a QR code.", 0 },
	[ERR_EXPORT_UNKNOWN] = { 404, N_("Export inconnu"),
	    N_("Les exports sont responses.csv, stats.csv et evaluation.csv."),
	    "Unknown export", "The exports are responses.csv, stats.csv and "
	    "evaluation.csv.", 0 },
	[ERR_EXPORT_BUSY] = { 503, N_("Trop d'exports en cours"),
	    N_("Réessayez dans un instant."), "Too many exports running",
	    "Try again shortly.", 0 },
	[ERR_EXPORT_USAGE] = { 400, N_("Export impossible"),
	    N_("Export impossible :"), "Export impossible", "Export "
	    "impossible:", 0 },
	[ERR_EXPORT_FAILED] = { 500, N_("Export interrompu"),
	    N_("L'export n'a pas pu être produit. Réessayez ; si le problème "
	    "continue, prévenez la personne qui gère le serveur."),
	    "Export interrupted", "The export could not be produced. Try "
	    "again; if the problem persists, tell whoever runs the server.",
	    0 },
};

const struct errpage_info *
errpage_get(enum errpage kind)
{
	if ((int)kind < 0 || kind >= ERR_COUNT || table[kind].status == 0)
		return &table[ERR_UNAVAILABLE];
	return &table[kind];
}
