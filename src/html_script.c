/*
 * html_script.c - the one script of the public pages (see html.h).
 *
 * Inline, allowed by its SHA-256 in the Content-Security-Policy (http.c
 * computes it at start from these very bytes; never 'unsafe-inline'), a
 * few KB.  Every page works without it; with it:
 *  - skip logic: each question, group or note box carries data-n (its
 *    name) and, when it has a condition, data-r (the condition compiled by
 *    expr_to_data); the script evaluates them in form order as the server
 *    does (answers.c: an irrelevant question reads as unanswered, a group
 *    hides what it holds) and hides what is not relevant, as the resident
 *    answers.  Its evaluator and expr.c run the same table of cases,
 *    tests/expr_cases.txt.  The step buttons of the form served without
 *    JavaScript (skip.h) become one "send" button;
 *  - a draft in the phone's localStorage ("recueil:CODE", never sent
 *    anywhere), restored on reload, kept at most a day, erased by the
 *    thank-you page (main[data-done]); none in kiosk mode (form[data-kiosk]);
 *  - sending with fetch: when the network fails, the answers stay on the
 *    page and in the draft with the form's token, a message (#net) offers
 *    to send again, and they are sent again by themselves when the phone
 *    is back online; the token makes the server store them once.  Any
 *    reply but the thank-you page (an error to correct) is asked again
 *    with the form's ordinary submission, so the server's page shows;
 *  - kiosk: the thank-you page goes back to an empty form after a few
 *    seconds (main[data-next]).
 * window.recueilEval(data, answers) is the evaluator, for the browser
 * test of the shared table.
 */
#include <stddef.h>

#include "html.h"

static const char script[] =
    "(function(){"
    "var d=document,E,S=null,M=d.querySelector(\"main[data-done]\"),F,K,Q,C={},pend=\"\",busy=0,kiosk;"
    "try{S=window.localStorage}catch(e){}"
    "function ga(e,n){return e.getAttribute(n)}"
    "function num(s){s=s.replace(/^[ \\t]+|[ \\t]+$/g,\"\");return/^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$/.test(s)?+s:NaN}"
    "function nu(v){return v.k==1?v.v:v.k?num(v.v):v.v?1:0}"
    "function bo(v){return v.k==1?v.v!==0&&!isNaN(v.v):v.k?v.v!==\"\":v.v}"
    "function st(v){var x=v.v;return v.k==1?(isNaN(x)?\"NaN\":x%1===0&&Math.abs(x)<1e15?x.toFixed(0):String(+x.toPrecision(15))):v.k?x:x?\"true\":\"false\"}"
    "function cmp(o,a,b){var x,y;if((!a.k||!b.k)&&(o==\"=\"||o==\"!=\")){x=bo(a)==bo(b);return o==\"=\"?x:!x}"
    "x=nu(a);y=nu(b);if(isNaN(x)||isNaN(y)){x=st(a);y=st(b)}"
    "return o==\"=\"?x==y:o==\"!=\"?x!=y:o==\"<\"?x<y:o==\"<=\"?x<=y:o==\">\"?x>y:x>=y}"
    "function ev(e,L){var o=e[0],a,b;switch(o){"
    "case\"n\":return{k:1,v:e[1]};case\"s\":return{k:2,v:e[1]};"
    "case\"r\":return{k:2,v:L(e[1])};case\".\":return{k:2,v:L(null)};"
    "case\"t\":case\"f\":return{k:0,v:o==\"t\"};"
    "case\"or\":case\"and\":a=bo(ev(e[1],L));if(a==(o==\"and\"))a=bo(ev(e[2],L));return{k:0,v:a};"
    "case\"+\":case\"-\":a=nu(ev(e[1],L));b=nu(ev(e[2],L));return{k:1,v:o==\"+\"?a+b:a-b};"
    "case\"neg\":return{k:1,v:-nu(ev(e[1],L))};"
    "case\"not\":return{k:0,v:!bo(ev(e[1],L))};"
    "case\"sel\":a=st(ev(e[2],L));return{k:0,v:a!==\"\"&&st(ev(e[1],L)).split(\" \").indexOf(a)>=0};"
    "case\"len\":return{k:1,v:Array.from(st(ev(e[1],L))).length};"
    "case\"cnt\":return{k:1,v:st(ev(e[1],L)).split(\" \").filter(function(x){return x!==\"\"}).length}}"
    "return{k:0,v:cmp(o,ev(e[1],L),ev(e[2],L))}}"
    "window.recueilEval=function(e,A){return bo(ev(e,function(n){var v=A[n===null?\".\":n];return v==null?\"\":v}))};"
    "if(M){if(S)S.removeItem(\"recueil:\"+ga(M,\"data-done\"));"
    "K=ga(M,\"data-next\");if(K)setTimeout(function(){location.replace(K)},8000);return}"
    "F=d.querySelector(\"form[data-k]\");if(!F)return;"
    "K=\"recueil:\"+ga(F,\"data-k\");kiosk=F.hasAttribute(\"data-kiosk\");E=F.hasAttribute(\"data-easy\");"
    "Q=[].slice.call(F.querySelectorAll(\"[data-n]\"));"
    "function el(n){return F.elements.namedItem(n)}"
    "function val(n){var x=el(n),r=[],i,e;if(!x)return\"\";if(x.nodeType)x=[x];"
    "for(i=0;i<x.length;i++){e=x[i];if(e.type==\"checkbox\"||e.type==\"radio\"){if(e.checked)r.push(e.value)}else r.push(e.value.trim())}"
    "return r.join(\" \")}"
    "function rel(){if(E)return;var R={},i,q,n,g,on,cur;"
    "function L(x){return x===null?val(cur):R[x]===0?\"\":val(x)}"
    "for(i=0;i<Q.length;i++){q=Q[i];cur=n=ga(q,\"data-n\");g=q.parentElement.closest(\"[data-n]\");"
    "on=!(g&&g.hidden);if(on&&q.hasAttribute(\"data-r\")){C[n]=C[n]||JSON.parse(ga(q,\"data-r\"));on=bo(ev(C[n],L))}"
    "R[n]=on?1:0;q.hidden=!on}}"
    "function each(f){var a=F.elements,i;for(i=0;i<a.length;i++)if(a[i].name&&a[i].name.charAt(0)!=\"_\"&&a[i].tagName!=\"BUTTON\")f(a[i])}"
    "function save(){if(!S||kiosk)return;var o={};each(function(e){if((e.type!=\"checkbox\"&&e.type!=\"radio\")||e.checked)(o[e.name]=o[e.name]||[]).push(e.value)});"
    "try{S.setItem(K,JSON.stringify({t:Date.now(),k:pend,v:o}))}catch(e){}}"
    "function load(){var x=null;if(!S||kiosk)return;try{x=JSON.parse(S.getItem(K))}catch(e){}"
    "if(!x||!x.v||Date.now()-x.t>864e5){S.removeItem(K);return}"
    "each(function(e){var v=x.v[e.name]||[];if(e.type==\"checkbox\"||e.type==\"radio\")e.checked=v.indexOf(e.value)>=0;else e.value=v.length?v[0]:\"\"});"
    "if(x.k){pend=x.k;el(\"_token\").value=x.k}}"
    "function net(on){var n=d.getElementById(\"net\");if(n){n.hidden=!on;if(on)n.focus()}}"
    "function send(){if(busy)return;busy=1;pend=el(\"_token\").value;save();net(0);"
    "fetch(F.action,{method:\"POST\",body:new URLSearchParams(new FormData(F))}).then(function(r){busy=0;"
    "if(r.redirected&&/\\/merci/.test(r.url)){if(S)S.removeItem(K);kiosk?location.replace(r.url):location.assign(r.url)}else HTMLFormElement.prototype.submit.call(F)},"
    "function(){busy=0;net(1);addEventListener(\"online\",send,{once:true})})}"
    "var B=d.getElementById(\"send\"),P=d.getElementById(\"prev\"),R=d.getElementById(\"resend\");"
    "if(B&&B.name==\"_go\"&&!E){B.removeAttribute(\"name\");B.textContent=ga(B,\"data-send\")}"
    "if(P&&!E)P.hidden=true;if(R)R.addEventListener(\"click\",send);"
    "F.addEventListener(\"submit\",function(e){if(e.submitter&&e.submitter.name==\"_go\")return;e.preventDefault();send()});"
    "function ch(){rel();save()}F.addEventListener(\"input\",ch);F.addEventListener(\"change\",ch);"
    "load();rel()})();";

const char *
html_script(size_t *len)
{
	*len = sizeof(script) - 1;
	return script;
}
