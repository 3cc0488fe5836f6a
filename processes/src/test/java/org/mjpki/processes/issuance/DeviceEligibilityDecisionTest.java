package org.mjpki.processes.issuance;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;

import static org.assertj.core.api.Assertions.assertThat;

/** One case per rule of the device eligibility table (R7), plus the edges between them. */
class DeviceEligibilityDecisionTest {

  private static DmnEngine dmn;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws Exception {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = DeviceEligibilityDecisionTest.class.getClassLoader().getResourceAsStream(IssuanceProcess.DMN_RESOURCE)) {
      decision = dmn.parseDecision(IssuanceProcess.DEVICE_ELIGIBILITY_DECISION_KEY, in);
    }
  }

  @ParameterizedTest(name = "[{index}] {0} {1}, Android {2}, {3} -> {4}/{5} {6}")
  @CsvSource(nullValues = "NULL", value = {
      // rule 1: SE not supported
      "Acme,        A1,   14,   ESE-NATIVE,     false, false, SE_NOT_SUPPORTED",
      "Acme,        A1,   14,   NULL,           false, false, SE_NOT_SUPPORTED",
      "ExampleCorp, EX-1, 14,   UICC,           false, false, SE_NOT_SUPPORTED",
      // rule 2: OS too old
      "Acme,        A1,   8,    GP-SE-JAVACARD, false, false, OS_TOO_OLD",
      "ExampleCorp, EX-2, 7,    GP-SE-JAVACARD, false, false, OS_TOO_OLD",
      // rule 3: model restricted for the whole service
      "ExampleCorp, EX-1, 14,   GP-SE-JAVACARD, false, false, MODEL_RESTRICTED",
      // rule 4: only biometrics restricted
      "ExampleCorp, EX-2, 9,    GP-SE-JAVACARD, true,  false, BIOMETRICS_RESTRICTED",
      // rule 5: eligible, Android 9 is the lowest
      "Acme,        A1,   9,    GP-SE-JAVACARD, true,  true,  ELIGIBLE",
      "ExampleCorp, EX-3, 15,   GP-SE-JAVACARD, true,  true,  ELIGIBLE",
      // rule 6: incomplete device facts never pass as eligible
      "Acme,        A1,   NULL, GP-SE-JAVACARD, false, false, DEVICE_DATA_INCOMPLETE",
      "ExampleCorp, EX-2, NULL, GP-SE-JAVACARD, false, false, DEVICE_DATA_INCOMPLETE",
  })
  void decides(String manufacturer, String model, Integer osVersion, String seType,
      boolean eligible, boolean biometricsAllowed, String reason) {
    Map<String, Object> device = new HashMap<>();
    device.put(Variables.DEVICE_MANUFACTURER, manufacturer);
    device.put(Variables.DEVICE_MODEL, model);
    device.put(Variables.OS_VERSION, osVersion);
    device.put(Variables.SE_TYPE, seType);

    DmnDecisionResultEntries result = dmn.evaluateDecision(decision, device).getSingleResult();

    assertThat(result).isNotNull();
    assertThat((Boolean) result.getEntry(Variables.ELIGIBLE)).isEqualTo(eligible);
    assertThat((Boolean) result.getEntry(Variables.BIOMETRICS_ALLOWED)).isEqualTo(biometricsAllowed);
    assertThat((String) result.getEntry(Variables.ELIGIBILITY_REASON)).isEqualTo(reason);
  }
}
