package org.mjpki.applet.card;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * Bytecode-level checks of the on-card classes that a Java Card converter or a real card would
 * reject but javac and jcardsim accept: opcodes outside the classic subset, int/long/float/double/
 * char locals, and references to the APDU buffer (or the install parameter array) that end up in a
 * field or an array element. The last is a firewall rule (JCRE "temporary entry point objects"):
 * a real card throws SecurityException at the store, jcardsim does not check it at all.
 */
final class BytecodeChecks {

    private BytecodeChecks() {
    }

    /** Opcodes with no Java Card classic equivalent (no long/float/double/char, no threads, no indy). */
    static final Map<Integer, String> FORBIDDEN_OPCODES = Map.ofEntries(
            Map.entry(Opcodes.LCONST_0, "lconst_0"), Map.entry(Opcodes.LCONST_1, "lconst_1"),
            Map.entry(Opcodes.FCONST_0, "fconst_0"), Map.entry(Opcodes.FCONST_1, "fconst_1"),
            Map.entry(Opcodes.FCONST_2, "fconst_2"), Map.entry(Opcodes.DCONST_0, "dconst_0"),
            Map.entry(Opcodes.DCONST_1, "dconst_1"),
            Map.entry(Opcodes.LLOAD, "lload"), Map.entry(Opcodes.FLOAD, "fload"), Map.entry(Opcodes.DLOAD, "dload"),
            Map.entry(Opcodes.LSTORE, "lstore"), Map.entry(Opcodes.FSTORE, "fstore"), Map.entry(Opcodes.DSTORE, "dstore"),
            Map.entry(Opcodes.LALOAD, "laload"), Map.entry(Opcodes.FALOAD, "faload"), Map.entry(Opcodes.DALOAD, "daload"),
            Map.entry(Opcodes.CALOAD, "caload"), Map.entry(Opcodes.LASTORE, "lastore"), Map.entry(Opcodes.FASTORE, "fastore"),
            Map.entry(Opcodes.DASTORE, "dastore"), Map.entry(Opcodes.CASTORE, "castore"),
            Map.entry(Opcodes.LADD, "ladd"), Map.entry(Opcodes.FADD, "fadd"), Map.entry(Opcodes.DADD, "dadd"),
            Map.entry(Opcodes.LSUB, "lsub"), Map.entry(Opcodes.FSUB, "fsub"), Map.entry(Opcodes.DSUB, "dsub"),
            Map.entry(Opcodes.LMUL, "lmul"), Map.entry(Opcodes.FMUL, "fmul"), Map.entry(Opcodes.DMUL, "dmul"),
            Map.entry(Opcodes.LDIV, "ldiv"), Map.entry(Opcodes.FDIV, "fdiv"), Map.entry(Opcodes.DDIV, "ddiv"),
            Map.entry(Opcodes.LREM, "lrem"), Map.entry(Opcodes.FREM, "frem"), Map.entry(Opcodes.DREM, "drem"),
            Map.entry(Opcodes.LNEG, "lneg"), Map.entry(Opcodes.FNEG, "fneg"), Map.entry(Opcodes.DNEG, "dneg"),
            Map.entry(Opcodes.LSHL, "lshl"), Map.entry(Opcodes.LSHR, "lshr"), Map.entry(Opcodes.LUSHR, "lushr"),
            Map.entry(Opcodes.LAND, "land"), Map.entry(Opcodes.LOR, "lor"), Map.entry(Opcodes.LXOR, "lxor"),
            Map.entry(Opcodes.I2L, "i2l"), Map.entry(Opcodes.I2F, "i2f"), Map.entry(Opcodes.I2D, "i2d"),
            Map.entry(Opcodes.L2I, "l2i"), Map.entry(Opcodes.L2F, "l2f"), Map.entry(Opcodes.L2D, "l2d"),
            Map.entry(Opcodes.F2I, "f2i"), Map.entry(Opcodes.F2L, "f2l"), Map.entry(Opcodes.F2D, "f2d"),
            Map.entry(Opcodes.D2I, "d2i"), Map.entry(Opcodes.D2L, "d2l"), Map.entry(Opcodes.D2F, "d2f"),
            Map.entry(Opcodes.I2C, "i2c"), Map.entry(Opcodes.LCMP, "lcmp"),
            Map.entry(Opcodes.FCMPL, "fcmpl"), Map.entry(Opcodes.FCMPG, "fcmpg"),
            Map.entry(Opcodes.DCMPL, "dcmpl"), Map.entry(Opcodes.DCMPG, "dcmpg"),
            Map.entry(Opcodes.LRETURN, "lreturn"), Map.entry(Opcodes.FRETURN, "freturn"), Map.entry(Opcodes.DRETURN, "dreturn"),
            Map.entry(Opcodes.INVOKEDYNAMIC, "invokedynamic"),
            Map.entry(Opcodes.MONITORENTER, "monitorenter"), Map.entry(Opcodes.MONITOREXIT, "monitorexit"),
            Map.entry(Opcodes.MULTIANEWARRAY, "multianewarray"),
            Map.entry(Opcodes.JSR, "jsr"), Map.entry(Opcodes.RET, "ret"));

    static ClassNode read(Path classFile) throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(classFile)).accept(node, 0);
        return node;
    }

    /** Forbidden opcodes, newarray of a non-classic element type, and int/long/float/double/char locals. */
    static List<String> forbiddenInstructions(ClassNode c) {
        List<String> found = new ArrayList<>();
        for (MethodNode m : c.methods) {
            String where = c.name + "." + m.name + m.desc;
            for (AbstractInsnNode insn : m.instructions) {
                int op = insn.getOpcode();
                if (FORBIDDEN_OPCODES.containsKey(op)) {
                    found.add(where + ": " + FORBIDDEN_OPCODES.get(op));
                }
                if (op == Opcodes.NEWARRAY) {
                    int t = ((IntInsnNode) insn).operand;
                    if (t != Opcodes.T_BOOLEAN && t != Opcodes.T_BYTE && t != Opcodes.T_SHORT) {
                        found.add(where + ": newarray of type " + t);
                    }
                }
            }
            if (m.localVariables != null) {
                for (LocalVariableNode v : m.localVariables) {
                    if (v.desc.length() == 1 && "IJFDC".contains(v.desc)) {
                        found.add(where + ": local " + v.name + " of type " + v.desc);
                    }
                }
            }
        }
        return found;
    }

    /** The classes must have been compiled with debug info, or the local-variable check sees nothing. */
    static boolean hasLocalVariableTables(ClassNode c) {
        return c.methods.stream().anyMatch(m -> m.localVariables != null && !m.localVariables.isEmpty());
    }

    // ------------------------------------------------------------------ APDU buffer data flow

    /**
     * Every putfield/putstatic/aastore whose stored value may be the APDU buffer (a result of
     * {@code APDU.getBuffer()}) or the {@code install} parameter array, followed through locals,
     * casts, calls between the given classes (arguments to parameters, results to callers) and
     * control-flow merges. Reading from or copying out of the buffer is of course fine.
     */
    static Set<String> storedApduBuffers(List<ClassNode> classes) throws AnalyzerException {
        Set<String> taintedParams = new HashSet<>();   // owner.name.desc#local
        Set<String> taintedReturns = new HashSet<>();  // owner.name.desc
        for (ClassNode c : classes) {
            for (MethodNode m : c.methods) {
                if (m.name.equals("install") && m.desc.equals("([BSB)V") && (m.access & Opcodes.ACC_STATIC) != 0) {
                    taintedParams.add(key(c.name, m) + "#0"); // global array: the same rule as the APDU buffer
                }
            }
        }
        Set<String> sinks = new TreeSet<>();
        boolean changed = true;
        while (changed) {
            int before = taintedParams.size() + taintedReturns.size();
            for (ClassNode c : classes) {
                for (MethodNode m : c.methods) {
                    if (m.instructions.size() == 0) {
                        continue;
                    }
                    Taint interpreter = new Taint(c.name, m, classes, taintedParams, taintedReturns, sinks);
                    new Analyzer<>(interpreter).analyze(c.name, m);
                }
            }
            changed = taintedParams.size() + taintedReturns.size() != before;
        }
        return sinks;
    }

    private static String key(String owner, MethodNode m) {
        return owner + "." + m.name + m.desc;
    }

    record TV(int size, boolean tainted) implements Value {
        @Override
        public int getSize() {
            return size;
        }
    }

    private static final class Taint extends Interpreter<TV> {
        private final String owner;
        private final MethodNode method;
        private final Set<String> ownClasses = new HashSet<>();
        private final Set<String> taintedParams;
        private final Set<String> taintedReturns;
        private final Set<String> sinks;

        Taint(String owner, MethodNode method, List<ClassNode> classes, Set<String> taintedParams,
              Set<String> taintedReturns, Set<String> sinks) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.method = method;
            for (ClassNode c : classes) {
                ownClasses.add(c.name);
            }
            this.taintedParams = taintedParams;
            this.taintedReturns = taintedReturns;
            this.sinks = sinks;
        }

        private String where() {
            return owner + "." + method.name + method.desc;
        }

        @Override
        public TV newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return new TV(type == null ? 1 : type.getSize(), false);
        }

        @Override
        public TV newParameterValue(boolean isInstanceMethod, int local, Type type) {
            return new TV(type.getSize(), taintedParams.contains(key(owner, method) + "#" + local));
        }

        @Override
        public TV newOperation(AbstractInsnNode insn) {
            return switch (insn.getOpcode()) {
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> new TV(2, false);
                case Opcodes.LDC -> new TV(Type.getType(descriptorOfConstant(insn)).getSize(), false);
                case Opcodes.GETSTATIC -> new TV(Type.getType(((FieldInsnNode) insn).desc).getSize(), false);
                default -> new TV(1, false);
            };
        }

        private static String descriptorOfConstant(AbstractInsnNode insn) {
            Object cst = ((org.objectweb.asm.tree.LdcInsnNode) insn).cst;
            return cst instanceof Long ? "J" : cst instanceof Double ? "D" : "I";
        }

        @Override
        public TV copyOperation(AbstractInsnNode insn, TV value) {
            return value;
        }

        @Override
        public TV unaryOperation(AbstractInsnNode insn, TV value) {
            switch (insn.getOpcode()) {
                case Opcodes.CHECKCAST:
                    return value;
                case Opcodes.PUTSTATIC:
                    sink(value, "putstatic " + field(insn));
                    return null;
                case Opcodes.GETFIELD:
                    return new TV(Type.getType(((FieldInsnNode) insn).desc).getSize(), false);
                case Opcodes.IFEQ: case Opcodes.IFNE: case Opcodes.IFLT: case Opcodes.IFGE: case Opcodes.IFGT:
                case Opcodes.IFLE: case Opcodes.IFNULL: case Opcodes.IFNONNULL: case Opcodes.TABLESWITCH:
                case Opcodes.LOOKUPSWITCH: case Opcodes.ATHROW: case Opcodes.MONITORENTER: case Opcodes.MONITOREXIT:
                case Opcodes.IRETURN: case Opcodes.LRETURN: case Opcodes.FRETURN: case Opcodes.DRETURN: case Opcodes.ARETURN:
                    return null;
                case Opcodes.I2L: case Opcodes.I2D: case Opcodes.F2L: case Opcodes.F2D: case Opcodes.L2D: case Opcodes.D2L:
                case Opcodes.LNEG: case Opcodes.DNEG:
                    return new TV(2, false);
                default:
                    return new TV(1, false);
            }
        }

        @Override
        public TV binaryOperation(AbstractInsnNode insn, TV value1, TV value2) {
            switch (insn.getOpcode()) {
                case Opcodes.PUTFIELD:
                    sink(value2, "putfield " + field(insn));
                    return null;
                case Opcodes.IF_ICMPEQ: case Opcodes.IF_ICMPNE: case Opcodes.IF_ICMPLT: case Opcodes.IF_ICMPGE:
                case Opcodes.IF_ICMPGT: case Opcodes.IF_ICMPLE: case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE:
                    return null;
                case Opcodes.LALOAD: case Opcodes.DALOAD: case Opcodes.LADD: case Opcodes.DADD: case Opcodes.LSUB:
                case Opcodes.DSUB: case Opcodes.LMUL: case Opcodes.DMUL: case Opcodes.LDIV: case Opcodes.DDIV:
                case Opcodes.LREM: case Opcodes.DREM: case Opcodes.LSHL: case Opcodes.LSHR: case Opcodes.LUSHR:
                case Opcodes.LAND: case Opcodes.LOR: case Opcodes.LXOR:
                    return new TV(2, false);
                default:
                    return new TV(1, false); // includes aaload: no array element can hold it if no aastore does
            }
        }

        @Override
        public TV ternaryOperation(AbstractInsnNode insn, TV value1, TV value2, TV value3) {
            if (insn.getOpcode() == Opcodes.AASTORE) {
                sink(value3, "aastore");
            }
            return null;
        }

        @Override
        public TV naryOperation(AbstractInsnNode insn, List<? extends TV> values) {
            if (insn instanceof MethodInsnNode mi) {
                Type ret = Type.getReturnType(mi.desc);
                if (mi.owner.equals("javacard/framework/APDU") && mi.name.equals("getBuffer")) {
                    return new TV(1, true);
                }
                String callee = mi.owner + "." + mi.name + mi.desc;
                if (ownClasses.contains(mi.owner)) {
                    int local = 0;
                    for (TV v : values) {
                        if (v.tainted()) {
                            taintedParams.add(callee + "#" + local);
                        }
                        local += v.getSize();
                    }
                }
                if (ret == Type.VOID_TYPE) {
                    return null;
                }
                return new TV(ret.getSize(), taintedReturns.contains(callee));
            }
            if (insn.getOpcode() == Opcodes.MULTIANEWARRAY) {
                return new TV(1, false);
            }
            return new TV(1, false); // invokedynamic
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, TV value, TV expected) {
            if (value.tainted()) {
                taintedReturns.add(key(owner, method));
            }
        }

        @Override
        public TV merge(TV value1, TV value2) {
            if (value1.size() == value2.size() && (value1.tainted() || !value2.tainted())) {
                return value1;
            }
            return new TV(Math.min(value1.size(), value2.size()), value1.tainted() || value2.tainted());
        }

        private void sink(TV value, String what) {
            if (value != null && value.tainted()) {
                sinks.add(where() + ": " + what + " of the APDU buffer");
            }
        }

        private static String field(AbstractInsnNode insn) {
            FieldInsnNode f = (FieldInsnNode) insn;
            return f.owner + "." + f.name;
        }
    }
}
