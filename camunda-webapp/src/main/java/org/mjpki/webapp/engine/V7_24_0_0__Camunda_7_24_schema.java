package org.mjpki.webapp.engine;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Camunda 7.24's tables, from the create scripts in the camunda-engine jar. */
final class V7_24_0_0__Camunda_7_24_schema extends BaseJavaMigration {

    private final String vendor;

    V7_24_0_0__Camunda_7_24_schema(String vendor) {
        this.vendor = vendor;
    }

    @Override
    public void migrate(Context context) {
        CamundaScripts.create(vendor).forEach(script -> CamundaScripts.run(context.getConnection(), script));
    }

    @Override
    public Integer getChecksum() {
        return 724; // the scripts are fixed by the Camunda version
    }
}
