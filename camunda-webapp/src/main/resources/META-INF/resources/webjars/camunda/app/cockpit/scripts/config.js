// mjpki's Cockpit configuration: Camunda's defaults, plus the plugin that shows finished instances
// (Cockpit's own history view is an Enterprise feature; docs/adr/0014).
export default {
  customScripts: [
    // relative to the cockpit folder, without ".js"
    'mjpki/finished-instances'
  ]
};
