// A Cockpit tab on every process definition: its finished instances, newest first, with the end event each
// reached and, on a click, every step it went through. The community webapps show running instances only; this
// reads the engine's history (history level full) through Cockpit's own engine API, as the logged-in operator,
// so engine authorizations apply. All text goes in through textContent: nothing from the engine becomes markup.

const PAGE = 50;

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (className) {
    e.className = className;
  }
  return e;
}

function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+.*$/, '') : '';
}

function duration(millis) {
  if (millis === null || millis === undefined) {
    return '';
  }
  return millis < 1000 ? millis + ' ms' : millis < 120000 ? (millis / 1000).toFixed(1) + ' s' : Math.round(millis / 60000) + ' min';
}

function query(api, path, params) {
  const search = new URLSearchParams(params).toString();
  return fetch(api.engineApi + path + '?' + search, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken }
  }).then(response => {
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }
    return response.json();
  });
}

function table(headings) {
  const t = element('table', null, 'cam-table');
  const head = element('thead');
  const row = element('tr');
  headings.forEach(h => row.appendChild(element('th', h)));
  head.appendChild(row);
  t.appendChild(head);
  const body = element('tbody');
  t.appendChild(body);
  return { table: t, body };
}

function showSteps(api, instance, target) {
  target.textContent = 'Loading the steps of ' + (instance.businessKey || instance.id) + ' …';
  query(api, '/history/activity-instance', {
    processInstanceId: instance.id, sortBy: 'startTime', sortOrder: 'asc', maxResults: 500
  }).then(steps => {
    target.textContent = '';
    target.appendChild(element('h4', 'Steps of ' + (instance.businessKey || instance.id)));
    const { table: t, body } = table(['Step', 'Type', 'Started', 'Ended', 'Took']);
    steps.filter(s => s.activityName || s.activityType.indexOf('Gateway') < 0).forEach(s => {
      const row = element('tr');
      row.appendChild(element('td', s.activityName || s.activityId));
      row.appendChild(element('td', s.activityType));
      row.appendChild(element('td', when(s.startTime)));
      row.appendChild(element('td', when(s.endTime)));
      row.appendChild(element('td', duration(s.durationInMillis)));
      body.appendChild(row);
    });
    target.appendChild(t);
  }).catch(error => {
    target.textContent = 'Could not read the steps: ' + error.message;
  });
}

function render(node, api, processDefinitionId) {
  node.textContent = 'Loading finished instances …';
  const finished = { processDefinitionId, finished: true, sortBy: 'endTime', sortOrder: 'desc', maxResults: PAGE };
  Promise.all([
    query(api, '/history/process-instance', finished),
    query(api, '/history/activity-instance', {
      processDefinitionId, finished: true, activityType: 'noneEndEvent', sortBy: 'endTime', sortOrder: 'desc',
      maxResults: PAGE * 4
    }),
    query(api, '/history/process-instance/count', { processDefinitionId, finished: true })
  ]).then(([instances, ends, count]) => {
    node.textContent = '';
    const endedIn = {};
    ends.forEach(e => {
      // an instance may pass an inner end event (a sub-process) before its last one: keep the last
      if (!endedIn[e.processInstanceId] || endedIn[e.processInstanceId].endTime < e.endTime) {
        endedIn[e.processInstanceId] = e;
      }
    });
    node.appendChild(element('p', count.count + ' finished instance(s); the newest ' + Math.min(PAGE, count.count)
      + ' below. Click one to see its steps.'));
    const { table: t, body } = table(['Business key', 'Ended in', 'State', 'Started', 'Ended', 'Took']);
    const steps = element('div');
    instances.forEach(i => {
      const row = element('tr');
      row.style.cursor = 'pointer';
      const end = endedIn[i.id];
      row.appendChild(element('td', i.businessKey || i.id));
      row.appendChild(element('td', end ? (end.activityName || end.activityId) : (i.endActivityId || '')));
      row.appendChild(element('td', i.state));
      row.appendChild(element('td', when(i.startTime)));
      row.appendChild(element('td', when(i.endTime)));
      row.appendChild(element('td', duration(i.durationInMillis)));
      row.addEventListener('click', () => showSteps(api, i, steps));
      body.appendChild(row);
    });
    node.appendChild(t);
    node.appendChild(steps);
  }).catch(error => {
    node.textContent = 'Could not read the finished instances: ' + error.message;
  });
}

export default {
  id: 'mjpki.finishedInstances',
  pluginPoint: 'cockpit.processDefinition.runtime.tab',
  priority: 5,
  properties: { label: 'Finished instances' },
  render: (node, { api, processDefinitionId }) => render(node, api, processDefinitionId)
};
