package org.mjpki.webapp.engine;

import org.mjpki.webapp.identity.IdentityProperties;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.ProcessEngine;
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
    }

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
        boolean exists = authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(Authorization.ANY).count() > 0;
        if (exists) {
            return;
        }
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(groupId);
        grant.setResource(resource);
        grant.setResourceId(Authorization.ANY);
        for (Permission p : permissions) {
            grant.addPermission(p);
        }
        authorizations.saveAuthorization(grant);
    }
}
