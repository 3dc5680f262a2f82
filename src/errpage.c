/*
 * errpage.c - the table of error pages (see errpage.h).
 *
 * The texts are the French message ids of the catalogues (N_), translated
 * when the page is written (http_fail, in the request's language).
 */
#include <stddef.h>

#include "errpage.h"
#include "i18n.h"

static const struct errpage_info table[ERR_COUNT] = {
	[ERR_UNAVAILABLE] = { 503, N_("Service indisponible"),
	    N_("Le service est momentanément indisponible. Réessayez dans un "
	    "instant."), 0 },
	[ERR_STOPPING] = { 503, N_("Service en cours d'arrêt"),
	    N_("Réessayez dans un instant."), 0 },
	[ERR_URI_TOO_LONG] = { 414, N_("Adresse trop longue"),
	    N_("Cette adresse est trop longue. Vérifiez le lien ou saisissez "
	    "le code de la rencontre."), 1 },
	[ERR_TIMEOUT] = { 408, N_("Délai dépassé"),
	    N_("L'envoi a pris trop de temps. Rechargez la page."), 0 },
	[ERR_NOT_ALLOWED] = { 405, N_("Action impossible"),
	    N_("Cette page ne peut pas être utilisée de cette façon."), 0 },

	[ERR_NOT_FOUND] = { 404, N_("Page introuvable"),
	    N_("Cette adresse ne correspond à aucune page. Pour donner votre "
	    "avis, saisissez le code de la rencontre."), 1 },
	[ERR_MEETING_UNKNOWN] = { 404, N_("Rencontre introuvable"),
	    N_("Ce code ne correspond à aucune rencontre. Vérifiez le code "
	    "affiché dans la salle."), 1 },
	[ERR_MEETING_CLOSED] = { 410, N_("Cette rencontre est close"),
	    N_("Merci de votre intérêt : le recueil des avis pour cette "
	    "rencontre est terminé."), 0 },
	[ERR_FORM_UNAVAILABLE] = { 503, N_("Questionnaire indisponible"),
	    N_("Le questionnaire de cette rencontre n'est pas disponible pour "
	    "le moment. Prévenez l'équipe du centre."), 0 },
	[ERR_ANSWERS_NOT_FORM] = { 415, N_("Envoi incompréhensible"),
	    N_("Les réponses doivent être envoyées par le formulaire."), 0 },
	[ERR_ANSWERS_TOO_LARGE] = { 413, N_("Réponses trop longues"),
	    N_("Vos réponses sont trop longues pour être enregistrées. "
	    "Raccourcissez-les."), 0 },
	[ERR_ANSWER_TOO_LONG] = { 413, N_("Réponse trop longue"),
	    N_("Une de vos réponses est trop longue. Raccourcissez-la."), 0 },
	[ERR_ANSWERS_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Vos réponses sont arrivées abîmées. Rechargez le "
	    "questionnaire et recommencez."), 0 },
	[ERR_TOKEN_STALE] = { 410, N_("Questionnaire expiré"),
	    N_("Ce questionnaire n'est plus valable. Rechargez la page pour "
	    "obtenir un questionnaire neuf."), 0 },
	[ERR_TOKEN_BAD] = { 400, N_("Questionnaire non reconnu"),
	    N_("Ce questionnaire n'est plus valable. Rechargez la page pour "
	    "obtenir un questionnaire neuf."), 0 },
	[ERR_NOT_STORED] = { 503, N_("Réponses non enregistrées"),
	    N_("Un problème technique a empêché l'enregistrement. Revenez en "
	    "arrière et envoyez à nouveau vos réponses : rien ne sera compté "
	    "deux fois."), 0 },

	[ERR_STAFF_NOT_FOUND] = { 404, N_("Page introuvable"),
	    N_("Cette adresse ne correspond à aucune page de l'équipe."), 0 },
	[ERR_FORBIDDEN] = { 403, N_("Accès refusé"),
	    N_("Votre compte ne donne pas accès à cette page. Demandez à la "
	    "coordination du centre."), 0 },
	[ERR_CSRF] = { 403, N_("Formulaire expiré"),
	    N_("Ce formulaire n'est plus valable. Revenez à la page, "
	    "rechargez-la et recommencez : rien n'a été modifié."), 0 },
	[ERR_POST_NOT_FORM] = { 415, N_("Envoi incompréhensible"),
	    N_("Ce formulaire doit être envoyé depuis la page."), 0 },
	[ERR_POST_TOO_LARGE] = { 413, N_("Envoi trop long"),
	    N_("Les données envoyées sont trop longues."), 0 },
	[ERR_POST_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Ce qui a été envoyé est arrivé abîmé. Rechargez la page et "
	    "recommencez."), 0 },
	[ERR_UPLOAD_TOO_LARGE] = { 413, N_("Fichier trop gros"),
	    N_("Ce fichier dépasse la taille permise."), 0 },
	[ERR_UPLOAD_MALFORMED] = { 400, N_("Envoi incompréhensible"),
	    N_("Le fichier est arrivé abîmé. Rechargez la page et "
	    "recommencez."), 0 },
	[ERR_STAFF_MEETING_UNKNOWN] = { 404, N_("Rencontre introuvable"),
	    N_("Aucune rencontre n'a ce code."), 0 },
	[ERR_QR_TOO_LONG] = { 500, N_("QR code impossible"),
	    N_("L'adresse est trop longue pour un QR code."), 0 },
	[ERR_EXPORT_UNKNOWN] = { 404, N_("Export inconnu"),
	    N_("Les exports sont responses.csv, stats.csv et evaluation.csv."), 0 },
	[ERR_EXPORT_BUSY] = { 503, N_("Trop d'exports en cours"),
	    N_("Réessayez dans un instant."), 0 },
	[ERR_EXPORT_USAGE] = { 400, N_("Export impossible"),
	    N_("Export impossible :"), 0 },
	[ERR_EXPORT_FAILED] = { 500, N_("Export interrompu"),
	    N_("L'export n'a pas pu être produit. Réessayez ; si le problème "
	    "continue, prévenez la personne qui gère le serveur."), 0 },
};

const struct errpage_info *
errpage_get(enum errpage kind)
{
	if ((int)kind < 0 || kind >= ERR_COUNT || table[kind].status == 0)
		return &table[ERR_UNAVAILABLE];
	return &table[kind];
}
