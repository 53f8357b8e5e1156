/**
 * The only client script: search-as-you-type suggestions and the comparison picker.
 * Pages are complete without it; it only adds shortcuts.
 */
export const CLIENT_JS = `
(function(){
  var input=document.querySelector('form.search input[name=q]');
  if(input&&window.fetch){
    var box=document.createElement('div');box.className='suggest';box.hidden=true;box.setAttribute('role','listbox');
    input.parentNode.style.position='relative';input.parentNode.appendChild(box);input.setAttribute('autocomplete','off');
    var t;input.addEventListener('input',function(){clearTimeout(t);var q=input.value.trim();if(q.length<3){box.hidden=true;return}
      t=setTimeout(function(){fetch('/api/v1/suggest?limit=5&q='+encodeURIComponent(q)).then(function(r){return r.json()}).then(function(d){
        box.textContent='';(d.results||[]).forEach(function(x){var a=document.createElement('a');a.href='/a/'+x.slug;a.textContent=x.name+' — '+x.kind;a.setAttribute('role','option');box.appendChild(a)});
        box.style.top=(input.offsetTop+input.offsetHeight+4)+'px';box.style.left=input.offsetLeft+'px';box.hidden=!box.firstChild;}).catch(function(){box.hidden=true})},250)});
    input.addEventListener('keydown',function(e){if(e.key==='Escape')box.hidden=true});
    document.addEventListener('click',function(e){if(!box.contains(e.target)&&e.target!==input)box.hidden=true});
  }
  var pick=document.querySelector('form.picker');
  if(pick){pick.addEventListener('submit',function(e){var a=pick.elements.a.value,b=pick.elements.b.value;if(a&&b&&a!==b){e.preventDefault();location.href='/compare/'+a+'-vs-'+b}})}
})();
`;
