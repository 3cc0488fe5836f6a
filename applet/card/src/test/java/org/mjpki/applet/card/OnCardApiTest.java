package org.mjpki.applet.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.AlgorithmParameters;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

/**
 * Build check: the on-card classes are what a Java Card CAP converter accepts. Reads every
 * class file of the module and fails on a class version above 51, a reference to any class
 * outside javacard.*, javacardx.* and the java.lang basics, long/float/double/String constants,
 * or fields and methods typed with int, long, float, double, char or String; then scans the
 * bytecode itself ({@link BytecodeChecks}): no long/float/double/char opcodes, invokedynamic,
 * monitors or multi-dimensional arrays, no int/long/float/double/char locals, and no reference to
 * the APDU buffer or the install array stored in a field or array. Reports the size.
 */
class OnCardApiTest {

    private static final Set<String> JAVA_LANG_ALLOWED = Set.of(
            "java/lang/Object", "java/lang/Throwable", "java/lang/Exception", "java/lang/RuntimeException",
            "java/lang/ArithmeticException", "java/lang/ArrayIndexOutOfBoundsException",
            "java/lang/ArrayStoreException", "java/lang/ClassCastException",
            "java/lang/IndexOutOfBoundsException", "java/lang/NegativeArraySizeException",
            "java/lang/NullPointerException", "java/lang/SecurityException");

    record ClassInfo(String name, int major, List<String> classRefs, List<String> descriptors, List<String> forbiddenConstants, long size) {
    }

    static List<ClassInfo> onCardClasses() throws IOException {
        Path dir = Paths.get("target/classes/org/mjpki/applet/card");
        List<ClassInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(parse(p.getFileName().toString(), new DataInputStream(in), Files.size(p)));
                }
            }
        }
        return out;
    }

    private static ClassInfo parse(String name, DataInputStream in, long size) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        int major = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classIdx = new int[count];
        List<String> forbidden = new ArrayList<>();
        List<Integer> nameAndTypeDesc = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3 -> in.readInt();
                case 4 -> { in.readInt(); forbidden.add("float constant"); }
                case 5 -> { in.readLong(); forbidden.add("long constant"); i++; }
                case 6 -> { in.readLong(); forbidden.add("double constant"); i++; }
                case 7 -> classIdx[i] = in.readUnsignedShort();
                case 8 -> { in.readUnsignedShort(); forbidden.add("String constant"); }
                case 9, 10, 11 -> in.readInt();
                case 12 -> { in.readUnsignedShort(); nameAndTypeDesc.add(in.readUnsignedShort()); }
                case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); forbidden.add("method handle"); }
                case 16 -> { in.readUnsignedShort(); forbidden.add("method type"); }
                case 18 -> { in.readInt(); forbidden.add("invokedynamic"); }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> refs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (classIdx[i] != 0) {
                refs.add(utf8[classIdx[i]]);
            }
        }
        List<String> descriptors = new ArrayList<>();
        for (int d : nameAndTypeDesc) {
            descriptors.add(utf8[d]);
        }
        // own fields and methods
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        for (int kind = 0; kind < 2; kind++) {
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                in.readUnsignedShort();
                in.readUnsignedShort();
                descriptors.add(utf8[in.readUnsignedShort()]);
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    in.readUnsignedShort();
                    in.skipBytes(in.readInt());
                }
            }
        }
        return new ClassInfo(name, major, refs, descriptors, forbidden, size);
    }

    @Test
    void onlyJavaCardApiIsReferenced() throws IOException {
        List<ClassInfo> classes = onCardClasses();
        assertThat(classes).extracting(ClassInfo::name).contains("JpkiApplet.class", "Constants.class",
                "PersistentState.class", "Transients.class", "SecureChannel.class");
        Set<String> offending = new TreeSet<>();
        for (ClassInfo c : classes) {
            for (String ref : c.classRefs()) {
                String element = ref.replaceFirst("^\\[+L?", "").replace(";", "");
                boolean ok = element.length() == 1 // primitive array
                        || element.startsWith("javacard/") || element.startsWith("javacardx/")
                        || element.startsWith("org/mjpki/applet/card/") || JAVA_LANG_ALLOWED.contains(element);
                if (!ok) {
                    offending.add(c.name() + " -> " + ref);
                }
            }
        }
        assertThat(offending).as("classes outside the Java Card API").isEmpty();
    }

    @Test
    void classFilesAreForTheCapConverterAndUseOnlyTheClassicSubset() throws IOException {
        for (ClassInfo c : onCardClasses()) {
            assertThat(c.major()).as(c.name() + " class version").isLessThanOrEqualTo(51);
            assertThat(c.forbiddenConstants()).as(c.name()).isEmpty();
            for (String d : c.descriptors()) {
                String types = d.replaceAll("L[^;]+;", "L;");
                assertThat(types).as(c.name() + " descriptor " + d).doesNotContain("I", "J", "F", "D", "C");
                assertThat(d).as(c.name()).doesNotContain("java/lang/String");
            }
        }
    }

    static List<ClassNode> onCardClassNodes() throws IOException {
        List<ClassNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Paths.get("target/classes/org/mjpki/applet/card"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                out.add(BytecodeChecks.read(p));
            }
        }
        return out;
    }

    private static ClassNode fixture(String simpleName) throws IOException {
        return BytecodeChecks.read(Paths.get("target/test-classes/org/mjpki/applet/card/ForbiddenFixtures$" + simpleName + ".class"));
    }

    @Test
    void bytecodeUsesOnlyClassicOpcodesAndShortOrByteLocals() throws IOException {
        List<ClassNode> classes = onCardClassNodes();
        List<String> found = new ArrayList<>();
        for (ClassNode c : classes) {
            found.addAll(BytecodeChecks.forbiddenInstructions(c));
        }
        assertThat(found).as("opcodes or locals a Java Card converter refuses").isEmpty();
        assertThat(classes.stream().filter(c -> c.name.endsWith("/JpkiApplet")).findFirst().orElseThrow())
                .as("compiled with local variable tables (else the local check sees nothing)")
                .matches(BytecodeChecks::hasLocalVariableTables);
    }

    @Test
    void theOpcodeCheckFindsLongFloatDoubleCharIndyMonitorsAndMultiArrays() throws IOException {
        String wide = String.join("\n", BytecodeChecks.forbiddenInstructions(fixture("WideArithmetic")));
        assertThat(wide).contains("i2l", "ladd", "l2i", "i2f", "f2d", "dmul", "d2i", "i2c",
                "local wide of type J", "local f of type F", "local d of type D", "local c of type C", "local i of type I");
        String notClassic = String.join("\n", BytecodeChecks.forbiddenInstructions(fixture("NotClassic")));
        assertThat(notClassic).contains("monitorenter", "monitorexit", "invokedynamic", "multianewarray");
    }

    /**
     * Java Card forbids keeping a reference to the APDU buffer (or to the install array) in a field or
     * an array: a real card throws SecurityException on the store, jcardsim lets it pass. Responses are
     * therefore copied into the applet's own RAM buffer before they are sent in pieces.
     */
    @Test
    void theApduBufferIsNeverStoredInAFieldOrArray() throws Exception {
        assertThat(BytecodeChecks.storedApduBuffers(onCardClassNodes())).isEmpty();
    }

    @Test
    void theApduBufferCheckFollowsLocalsCallsAndReturns() throws Exception {
        Set<String> sinks = BytecodeChecks.storedApduBuffers(List.of(fixture("StoresApduBuffer")));
        String owner = "org/mjpki/applet/card/ForbiddenFixtures$StoresApduBuffer";
        assertThat(sinks).containsExactlyInAnyOrder(
                owner + ".install([BSB)V: putstatic " + owner + ".installArray of the APDU buffer",
                owner + ".keep([B)V: aastore of the APDU buffer",
                owner + ".directly(Ljavacard/framework/APDU;)V: putfield " + owner + ".kept of the APDU buffer",
                owner + ".throughAReturn(Ljavacard/framework/APDU;)V: putfield " + owner + ".kept of the APDU buffer");
        assertThat(BytecodeChecks.storedApduBuffers(List.of(fixture("CopiesApduBuffer")))).isEmpty();
    }

    @Test
    void bytecodeSizeIsWellUnder64KB() throws IOException {
        long total = onCardClasses().stream().mapToLong(ClassInfo::size).sum();
        System.out.println("on-card class files: " + total + " bytes");
        assertThat(total).isLessThan(48 * 1024);
    }

    @Test
    void p256ConstantsMatchTheStandardCurve() throws Exception {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        java.security.spec.ECFieldFp field = (java.security.spec.ECFieldFp) spec.getCurve().getField();
        assertThat(new BigInteger(1, Constants.P256_P)).isEqualTo(field.getP());
        assertThat(new BigInteger(1, Constants.P256_A)).isEqualTo(spec.getCurve().getA());
        assertThat(new BigInteger(1, Constants.P256_B)).isEqualTo(spec.getCurve().getB());
        assertThat(new BigInteger(1, Constants.P256_N)).isEqualTo(spec.getOrder());
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(Constants.P256_G, 1, 33))).isEqualTo(spec.getGenerator().getAffineX());
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(Constants.P256_G, 33, 65))).isEqualTo(spec.getGenerator().getAffineY());
    }
}
