/**
 * The only client script, served from /assets (never inline, so a strict CSP holds).
 * Pages are complete without it; it adds shortcuts:
 * - the header search becomes an ARIA combobox fed by /api/v1/suggest (which records
 *   nothing), with arrow keys, Enter and Escape;
 * - the compare checkboxes on search results say how many are picked and stop at six.
 * Plain ES5 so any browser that runs it at all runs all of it.
 */
import { KIND_LABEL } from "./components.js";

export const CLIENT_JS = `
(function(){
  'use strict';
  var MAX_COMPARE=6,KIND=${JSON.stringify(KIND_LABEL)};

  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text)e.textContent=text;return e}

  function combobox(input){
    var form=input.form,id=input.id+'-list',timer=null,active=-1,options=[],last='';
    var box=el('div','suggest');box.id=id;box.setAttribute('role','listbox');box.setAttribute('aria-label','Suggestions');box.hidden=true;
    form.appendChild(box);
    input.setAttribute('role','combobox');input.setAttribute('aria-autocomplete','list');input.setAttribute('aria-expanded','false');
    input.setAttribute('aria-controls',id);input.setAttribute('autocomplete','off');

    function close(){box.hidden=true;input.setAttribute('aria-expanded','false');input.removeAttribute('aria-activedescendant');active=-1}
    function mark(i){
      if(active>=0&&options[active])options[active].setAttribute('aria-selected','false');
      active=i;
      if(i<0){input.removeAttribute('aria-activedescendant');return}
      options[i].setAttribute('aria-selected','true');input.setAttribute('aria-activedescendant',options[i].id);
      if(options[i].scrollIntoView)options[i].scrollIntoView({block:'nearest'});
    }
    function group(title,items,make){
      if(!items.length)return;
      var g=el('div','group');g.setAttribute('role','group');
      var h=el('div','group-title',title);h.id=id+'-g'+box.childNodes.length;g.setAttribute('aria-labelledby',h.id);g.appendChild(h);
      items.forEach(function(x){var o=make(x);o.id=id+'-o'+options.length;o.setAttribute('role','option');o.setAttribute('aria-selected','false');
        o.addEventListener('mousedown',function(e){e.preventDefault()});
        o.addEventListener('click',function(){location.href=o.getAttribute('data-href')});
        options.push(o);g.appendChild(o)});
      box.appendChild(g);
    }
    function option(main,sub,href){var o=el('div','opt');o.setAttribute('data-href',href);o.appendChild(el('span','opt-main',main));if(sub)o.appendChild(el('span','opt-sub',sub));return o}
    function render(d){
      box.textContent='';options=[];active=-1;
      group('Artifacts',d.artifacts||[],function(a){return option(a.name,(KIND[a.kind]||a.kind)+' · CapRank '+a.capRank,'/a/'+encodeURIComponent(a.slug))});
      group('Capability areas',d.nodes||[],function(n){return option(n.label,n.count+(n.count===1?' artifact':' artifacts'),'/search?q='+encodeURIComponent(input.value.trim())+'&capability='+encodeURIComponent(n.uri))});
      if(!options.length){close();return}
      box.hidden=false;input.setAttribute('aria-expanded','true');
    }
    function ask(){
      var q=input.value.trim();if(q===last)return;last=q;
      if(q.length<2){close();return}
      fetch('/api/v1/suggest?q='+encodeURIComponent(q)).then(function(r){return r.ok?r.json():null}).then(function(d){
        if(d&&input.value.trim()===q&&document.activeElement===input)render(d)}).catch(close);
    }
    input.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(ask,120)});
    input.addEventListener('keydown',function(e){
      var open=!box.hidden&&options.length>0;
      if(e.key==='ArrowDown'){if(!open){last='';ask();return}e.preventDefault();mark(active+1<options.length?active+1:0)}
      else if(e.key==='ArrowUp'){if(!open)return;e.preventDefault();mark(active>0?active-1:options.length-1)}
      else if(e.key==='Escape'){if(open){e.preventDefault();close()}}
      else if(e.key==='Enter'){if(open&&active>=0){e.preventDefault();location.href=options[active].getAttribute('data-href')}}
    });
    input.addEventListener('blur',function(){setTimeout(close,100)});
  }

  function comparePicks(){
    var boxes=[].slice.call(document.querySelectorAll('input.pick[name=s]'));
    var status=document.getElementById('cmp-status'),button=document.getElementById('cmp-go');
    if(!boxes.length||!status||!button)return;
    function update(){
      var n=boxes.filter(function(b){return b.checked}).length;
      boxes.forEach(function(b){b.disabled=!b.checked&&n>=MAX_COMPARE});
      status.textContent=n===0?'Tick 2 to 6 results to compare them.':n===1?'1 picked: tick at least one more.':n+' picked'+(n>=MAX_COMPARE?' (the most a comparison holds).':'.');
      button.disabled=n<2;
    }
    boxes.forEach(function(b){b.addEventListener('change',update)});update();
  }

  var q=document.getElementById('site-q');
  if(q&&q.form&&window.fetch)combobox(q);
  comparePicks();
})();
`;
