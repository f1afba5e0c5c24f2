package dev.faas.function.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;
import dev.faas.starter.ScfException;

/** Function and version actions of API 3.0 (wire §7 "Functions", "Versions"), and GetAccount. */
@Component
class FunctionApi3 implements Api3Actions {
    private final FunctionCatalogue catalogue;
    private final VersionCatalogue versions;
    private final FunctionCopier copier;
    private final AccountSummary account;
    private final FunctionAnswers answers;

    FunctionApi3(FunctionCatalogue catalogue, VersionCatalogue versions, FunctionCopier copier, AccountSummary account,
                 FunctionAnswers answers) {
        this.catalogue = catalogue;
        this.versions = versions;
        this.copier = copier;
        this.account = account;
        this.answers = answers;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CreateFunction", "GetFunction", "ListFunctions", "UpdateFunctionCode", "UpdateFunctionConfiguration",
                "DeleteFunction", "CopyFunction", "PublishVersion", "ListVersionByFunction", "GetAccount");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        String namespace = r.namespace();
        return switch (action) {
            case "CreateFunction" -> {
                catalogue.create(namespace, r.as(CreateFunctionRequest.class));
                yield Map.of();
            }
            case "GetFunction" -> {
                String name = r.functionName();
                String qualifier = r.text("Qualifier", FunctionCatalogue.LATEST);
                FunctionRecord fn = catalogue.get(namespace, name);
                yield FunctionCatalogue.LATEST.equals(qualifier) ? answers.describe(fn) : answers.describe(fn, versions.get(namespace, name, qualifier));
            }
            case "ListFunctions" -> {
                FunctionQuery query = new FunctionQuery(namespace, r.text("Orderby", null), r.text("Order", null), r.text("SearchKey", null),
                        r.text("Description", null), r.filters("Filters"), r.number("Offset", 0), r.number("Limit", 20));
                FunctionCatalogue.Page page = catalogue.list(query);
                yield Map.of("Functions", page.functions().stream().map(answers::summary).toList(), "TotalCount", page.total());
            }
            case "UpdateFunctionCode" -> {
                // the code may come as Code.ZipFile or, in the legacy form, as a top-level ZipFile
                CreateFunctionRequest.Code code = r.field("Code", CreateFunctionRequest.Code.class);
                if (code != null || r.text("CosBucketName", null) != null) {
                    FunctionRules.checkCodeSource(r.text("CodeSource", null), code != null ? code
                            : new CreateFunctionRequest.Code(null, r.text("CosBucketName", null), r.text("CosObjectName", null), null, null, null))
                            .ifPresent(FunctionApi3::refuse);
                }
                String zip = code != null ? code.zipFile() : r.text("ZipFile", null);
                String publish = r.text("Publish", null);
                FunctionRules.checkFlag("Publish", publish, ScfError.INVALID_PARAMETER_VALUE).ifPresent(FunctionApi3::refuse);
                String name = r.functionName();
                catalogue.updateCode(namespace, name, zip, r.text("Handler", null));
                if ("TRUE".equals(publish)) {
                    versions.publish(namespace, name, null);
                }
                yield Map.of();
            }
            case "UpdateFunctionConfiguration" -> {
                String name = r.functionName();
                UpdateConfigurationRequest update = r.as(UpdateConfigurationRequest.class);
                catalogue.updateConfiguration(namespace, name, update);
                if ("TRUE".equals(update.publish())) {
                    versions.publish(namespace, name, null);
                }
                yield Map.of();
            }
            case "DeleteFunction" -> {
                // without a Qualifier the function goes with all its versions; with one, that version only
                String qualifier = r.text("Qualifier", null);
                if (qualifier == null) {
                    catalogue.delete(namespace, r.functionName());
                } else if (FunctionCatalogue.LATEST.equals(qualifier)) {
                    throw new ScfException(ScfError.INVALID_QUALIFIER, "$LATEST cannot be deleted on its own; omit Qualifier to delete the function.");
                } else {
                    versions.delete(namespace, r.functionName(), qualifier);
                }
                yield Map.of();
            }
            case "CopyFunction" -> {
                copier.copy(new FunctionCopier.CopyCommand(namespace, r.functionName(), r.required("NewFunctionName"),
                        r.text("TargetNamespace", null), r.text("Description", null), r.text("TargetRegion", null), r.region(),
                        Boolean.TRUE.equals(r.bool("Override")), !Boolean.FALSE.equals(r.bool("CopyConfiguration"))));
                yield Map.of();
            }
            case "PublishVersion" -> {
                String name = r.functionName();
                VersionRecord v = versions.publish(namespace, name, r.text("Description", null));
                yield answers.published(catalogue.get(namespace, name), v);
            }
            case "ListVersionByFunction" -> {
                String name = r.functionName();
                yield answers.versions(catalogue.get(namespace, name), versions.list(namespace, name, r.number("Offset", 0),
                        r.number("Limit", 20), r.text("OrderBy", null), r.text("Order", null)));
            }
            case "GetAccount" -> account.scf();
            default -> throw new IllegalArgumentException(action);
        };
    }

    private static void refuse(FunctionRules.Refusal refusal) {
        throw new ScfException(refusal.error(), refusal.message());
    }
}
