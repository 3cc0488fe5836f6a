package org.mjpki.webapp.engine;

import org.mjpki.webapp.identity.IdentityProperties;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * Creates the workers' and the apps' groups, users and the least engine authorizations they need, once.
 * Workers may read and update process instances (fetch, lock, complete external tasks); apps get no engine
 * rights at all (they use the app API). Existing users keep their password: operators may rotate it in Admin.
 * Runs as an engine plugin right after the engine is built, so the users exist before the workers' first fetch.
 */
@Component
public class IdentitySetup extends AbstractProcessEnginePlugin {

    private final IdentityProperties properties;
    private IdentityService identity;
    private AuthorizationService authorizations;

    public IdentitySetup(IdentityProperties properties) {
        this.properties = properties;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        this.identity = engine.getIdentityService();
        this.authorizations = engine.getAuthorizationService();
        group(MjpkiGroups.WORKERS, "mjpki workers");
        group(MjpkiGroups.APPS, "mjpki apps");
        user(properties.workerUser(), properties.workerPassword(), MjpkiGroups.WORKERS);
        user(properties.appUser(), properties.appPassword(), MjpkiGroups.APPS);
        grant(MjpkiGroups.WORKERS, Resources.PROCESS_INSTANCE, Permissions.READ, Permissions.UPDATE);
        grant(MjpkiGroups.WORKERS, Resources.PROCESS_DEFINITION, Permissions.READ, Permissions.READ_INSTANCE,
                Permissions.UPDATE_INSTANCE);
        callCenter(engine);
        processOwners();
        group(MjpkiGroups.MONITORING, "mjpki monitoring");
        optionalUser(properties.monitoringUser(), properties.monitoringPassword(), MjpkiGroups.MONITORING);
    }

    /**
     * Process owners deploy from Camunda Modeler (POST /engine-rest/deployment/create, the access table's family for
     * them alone) and read what is deployed; nothing else in the engine.
     */
    private void processOwners() {
        group(MjpkiGroups.PROCESS_OWNERS, "mjpki process owners");
        optionalUser(properties.processOwnerUser(), properties.processOwnerPassword(), MjpkiGroups.PROCESS_OWNERS);
        grant(MjpkiGroups.PROCESS_OWNERS, Resources.DEPLOYMENT, Permissions.CREATE, Permissions.READ, Permissions.DELETE);
        grant(MjpkiGroups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION, Permissions.READ);
        grant(MjpkiGroups.PROCESS_OWNERS, Resources.DECISION_DEFINITION, Permissions.READ);
        grant(MjpkiGroups.PROCESS_OWNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, Permissions.READ);
    }

    private void optionalUser(String id, String password, String groupId) {
        if (id != null && !id.isBlank()) {
            user(id, password, groupId);
        }
    }

    /**
     * Call-center staff reach Tasklist, see and start "Report a lost phone" only, and work its tasks (the engine grants
     * a task's candidate group its task permissions); a filter in Tasklist lists those tasks. No Cockpit, no Admin, no
     * other process, no app API (its own filter refuses the group).
     */
    private void callCenter(ProcessEngine engine) {
        group(MjpkiGroups.CALL_CENTER, "JPKI call center");
        optionalUser(properties.callCenterUser(), properties.callCenterPassword(), MjpkiGroups.CALL_CENTER);
        grant(MjpkiGroups.CALL_CENTER, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(MjpkiGroups.CALL_CENTER, Resources.PROCESS_DEFINITION, LostDeviceHoldProcess.PROCESS_KEY, Permissions.READ,
                Permissions.CREATE_INSTANCE, Permissions.READ_INSTANCE);
        grant(MjpkiGroups.CALL_CENTER, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
        org.camunda.bpm.engine.FilterService filters = engine.getFilterService();
        org.camunda.bpm.engine.filter.Filter filter = filters.createFilterQuery().filterName(CALL_CENTER_FILTER).singleResult();
        if (filter == null) {
            filter = filters.newTaskFilter(CALL_CENTER_FILTER)
                    .setOwner(null)
                    .setQuery(engine.getTaskService().createTaskQuery().taskCandidateGroup(MjpkiGroups.CALL_CENTER)
                            .includeAssignedTasks())
                    .setProperties(java.util.Map.of("description", "Lost-phone reports to work", "priority", -10));
            filters.saveFilter(filter);
        }
        grant(MjpkiGroups.CALL_CENTER, Resources.FILTER, filter.getId(), Permissions.READ);
    }

    /** The Tasklist filter of the call center's tasks. */
    static final String CALL_CENTER_FILTER = "Lost phones";

    private void group(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType("SYSTEM");
            identity.saveGroup(group);
        }
    }

    private void user(String id, String password, String groupId) {
        if (id == null || password == null || password.isBlank()) {
            throw new IllegalStateException("mjpki.identity: user and password of the " + groupId + " user must be set");
        }
        if (identity.createUserQuery().userId(id).count() == 0) {
            User user = identity.newUser(id);
            user.setFirstName(id);
            user.setLastName("(technical user)");
            user.setPassword(password);
            identity.saveUser(user);
        }
        if (identity.createUserQuery().userId(id).memberOfGroup(groupId).count() == 0) {
            identity.createMembership(id, groupId);
        }
    }

    private void grant(String groupId, Resource resource, Permission... permissions) {
        grant(groupId, resource, Authorization.ANY, permissions);
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        boolean exists = authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(resourceId).count() > 0;
        if (exists) {
            return;
        }
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(groupId);
        grant.setResource(resource);
        grant.setResourceId(resourceId);
        for (Permission p : permissions) {
            grant.addPermission(p);
        }
        authorizations.saveAuthorization(grant);
    }
}
